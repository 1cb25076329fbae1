package org.ipfailover.console.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.ipfailover.api.config.NodeHome;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code failover:import-hostconfig}: Apple's IP failover settings into a staging folder of this
 * node, and with {@code --apply} from there into conf/. Gogo finds a command's method by the
 * command's name, which a '-' keeps from being a Java name: Gogo hands such a command to
 * {@code _main} with the name first. {@code importHostconfig} is the same command under a name
 * that Gogo's {@code help} can show. The options are read here, not by Gogo, which takes an option
 * only once and {@code --interface} may be given for each interface.
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

    @Descriptor("import-hostconfig [--group <name>] [--interface <Apple's name>=<this host's>]... <hostconfig> [<scripts folder>]: "
            + "translate Apple's /etc/hostconfig (FAILOVER_* keys; scripts from /Library/IPFailover) into var/import-<time>/ for review, "
            + "changing nothing in conf/; import-hostconfig --apply [--force] <that folder>: move the reviewed files into conf/")
    public String importHostconfig(@Descriptor("options and arguments as above") String... args) throws IOException {
        HostconfigOptions options = HostconfigOptions.parse(List.of(args));
        HostconfigStaging staging = new HostconfigStaging(path -> NodeHome.resolve(context, path), HostInterfaces::present);
        return options.apply() ? apply(staging, options) : stage(staging, options);
    }

    public String _main(String... args) throws IOException {
        return importHostconfig(Arrays.copyOfRange(args, Math.min(1, args.length), args.length));
    }

    private String stage(HostconfigStaging staging, HostconfigOptions options) throws IOException {
        Path source = NodeHome.resolve(context, options.hostconfig());
        if (!Files.isReadable(source)) {
            throw new IllegalArgumentException("cannot read " + source);
        }
        HostconfigImport.Plan plan = new HostconfigImport(Hostconfig.parse(read(source)), source.toString(),
                NodeHome.resolve(context, options.scripts()), NodeHome.nodeId(null), options.group(), options.interfaces(),
                HostInterfaces::present).plan();
        Path folder = staging.newFolder(Instant.now());
        String report = HostconfigReport.render(source, plan, folder);
        HostconfigStaging.stage(plan, report, folder);
        LOG.info("Imported {} into {} for review; conf/ unchanged", source, folder);
        return report;
    }

    private String apply(HostconfigStaging staging, HostconfigOptions options) throws IOException {
        Path folder = NodeHome.resolve(context, options.hostconfig());
        List<Path> applied = staging.apply(folder, options.force());
        LOG.info("Applied {} from {}", applied, folder);
        StringBuilder text = new StringBuilder("applied ").append(folder).append(": the node reads these within a second\n");
        applied.forEach(file -> text.append("  ").append(file).append('\n'));
        return text.toString();
    }

    /** A hostconfig is ASCII; one edited from Apple's PDF manuals may hold UTF-8 quotes. */
    private static String read(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException notUtf8) {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        }
    }
}
