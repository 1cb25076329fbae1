package org.ipfailover.console.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.ipfailover.api.config.NodeHome;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.MetaTypeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code failover:} commands that set a node up: its configuration as it stands, and its key. */
@Component(service = SetupCommands.class, property = {
    "osgi.command.scope=failover", "osgi.command.function=config", "osgi.command.function=keygen"})
public class SetupCommands {
    private static final Logger LOG = LoggerFactory.getLogger(SetupCommands.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile ConfigurationAdmin configAdmin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile MetaTypeService metatype;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile ConfigurationKeyCheck keyCheck;

    private final BundleContext context;
    private final KeyGenerator keys = new KeyGenerator(new SecureRandom());

    @Activate
    public SetupCommands(BundleContext context) {
        this.context = context;
    }

    @Descriptor("the effective configuration of every ipfailover PID: each key's value, default and meaning (* differs from the default)")
    public String config() throws IOException, InvalidSyntaxException {
        ConfigurationAdmin admin = configAdmin;
        MetaTypeService types = metatype;
        if (admin == null || types == null) {
            throw new IllegalStateException((admin == null ? "ConfigurationAdmin" : "the metatype service") + " is not running");
        }
        MetatypeIndex index = MetatypeIndex.of(context.getBundles(), types);
        ConfigurationKeyCheck check = keyCheck;
        return new ConfigReport(index, check != null ? check::inForce : pid -> null)
                .render(admin.listConfigurations("(service.pid=" + MetatypeIndex.PREFIX + "*)"));
    }

    @Descriptor("write a new heartbeat key: 32 random bytes as hex, in a file only its owner can read (0600)")
    public String keygen(
            @Descriptor("replace an existing key file") @Parameter(names = {"-f", "--force"}, presentValue = "true", absentValue = "false")
            boolean force,
            @Descriptor("the key file; a relative path is taken from the node's home, e.g. conf/ipfailover.key") String file)
            throws IOException {
        Path path = NodeHome.resolve(context, file);
        try {
            keys.write(path, force);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("refusing to overwrite " + path + ": it exists, and the nodes that share it would no longer "
                    + "hear each other (give --force to replace it anyway)");
        }
        LOG.info("New heartbeat key written to {}{}", path, force ? " (replacing any previous one)" : "");
        return "wrote a new 256-bit heartbeat key to " + path + " (mode 0600)\n"
                + "copy it to every node of the pair, keeping its mode (e.g. scp -p), and name it in keyFile of org.ipfailover.node.cfg";
    }
}
