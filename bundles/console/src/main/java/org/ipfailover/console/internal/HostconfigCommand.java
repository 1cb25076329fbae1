package org.ipfailover.console.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.ipfailover.api.config.NodeHome;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code failover:import-hostconfig}: Apple's IP failover settings into this node's conf/. Gogo
 * finds a command's method by the command's name, which a '-' keeps from being a Java name: Gogo
 * hands such a command to {@code _main} with the name first. {@code importHostconfig} is the same
 * command under a name that Gogo's {@code help} can show.
 */
@Component(service = HostconfigCommand.class, property = {
    "osgi.command.scope=failover", "osgi.command.function=import-hostconfig", "osgi.command.function=importHostconfig"})
public class HostconfigCommand {
    private static final Logger LOG = LoggerFactory.getLogger(HostconfigCommand.class);

    private final BundleContext context;

    @Activate
    public HostconfigCommand(BundleContext context) {
        this.context = context;
    }

    @Descriptor("import-hostconfig: write conf/*.cfg from Apple's /etc/hostconfig (FAILOVER_* keys); scripts from /Library/IPFailover")
    public String importHostconfig(
            @Descriptor("replace existing files") @Parameter(names = {"-f", "--force"}, presentValue = "true", absentValue = "false")
            boolean force,
            @Descriptor("the group's name") @Parameter(names = {"-g", "--group"}, absentValue = HostconfigImport.DEFAULT_GROUP) String group,
            @Descriptor("Apple's hostconfig file, e.g. a copy of the Mac's /etc/hostconfig") String hostconfig) throws IOException {
        return importHostconfig(force, group, hostconfig, HostconfigImport.DEFAULT_SCRIPTS);
    }

    @Descriptor("import-hostconfig: write conf/*.cfg from Apple's /etc/hostconfig (FAILOVER_* keys) and a script folder")
    public String importHostconfig(
            @Descriptor("replace existing files") @Parameter(names = {"-f", "--force"}, presentValue = "true", absentValue = "false")
            boolean force,
            @Descriptor("the group's name") @Parameter(names = {"-g", "--group"}, absentValue = HostconfigImport.DEFAULT_GROUP) String group,
            @Descriptor("Apple's hostconfig file, e.g. a copy of the Mac's /etc/hostconfig") String hostconfig,
            @Descriptor("the folder of Apple's failover scripts (default /Library/IPFailover)") String scripts) throws IOException {
        if (!group.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("\"" + group + "\" is not a group name (letters, digits, _ . -; at most 64)");
        }
        Path source = NodeHome.resolve(context, hostconfig);
        if (!Files.isReadable(source)) {
            throw new IllegalArgumentException("cannot read " + source);
        }
        HostconfigImport.Plan plan = new HostconfigImport(Hostconfig.parse(read(source)),
                source.toString(), NodeHome.resolve(context, scripts), NodeHome.nodeId(null), group).plan();
        Path conf = NodeHome.resolve(context, "conf");
        List<Path> written;
        try {
            written = ConfFiles.write(plan.files(), conf, force);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("nothing written: " + e.getFile() + " exist(s) already (give --force to replace)");
        }
        LOG.info("Imported {} into {}: {}", source, conf, written);
        return HostconfigReport.render(source, plan, conf);
    }

    /** A hostconfig is ASCII; one edited from Apple's PDF manuals may hold UTF-8 quotes. */
    private static String read(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException notUtf8) {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        }
    }

    public String _main(
            @Parameter(names = {"-f", "--force"}, presentValue = "true", absentValue = "false") boolean force,
            @Parameter(names = {"-g", "--group"}, absentValue = HostconfigImport.DEFAULT_GROUP) String group,
            String command, String hostconfig) throws IOException {
        return importHostconfig(force, group, hostconfig);
    }

    public String _main(
            @Parameter(names = {"-f", "--force"}, presentValue = "true", absentValue = "false") boolean force,
            @Parameter(names = {"-g", "--group"}, absentValue = HostconfigImport.DEFAULT_GROUP) String group,
            String command, String hostconfig, String scripts) throws IOException {
        return importHostconfig(force, group, hostconfig, scripts);
    }
}
