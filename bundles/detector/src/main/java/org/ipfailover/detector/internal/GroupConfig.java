package org.ipfailover.detector.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "ipfailover group",
        description = "A group: addresses that move together between its nodes, in priority order. "
                + "One file per group: conf/org.ipfailover.group-<name>.cfg")
@interface GroupConfig {
    String FACTORY_PID = "org.ipfailover.group";

    enum Failback { auto, manual }

    @AttributeDefinition(description = "The group's name (letters, digits, _ . -; at most 64). Empty: the name in the file name.")
    String name() default "";

    @AttributeDefinition(description = "Node ids in priority order, comma separated: the primary first, then its backups.")
    String[] nodes() default {};

    @AttributeDefinition(description = "The group's addresses, interface:address/prefix, comma separated "
            + "(eth0:198.51.100.10/24, eth0:2001:db8::10/64). The first is the group's primary address.")
    String[] vips() default {};

    @AttributeDefinition(description = "auto: a backup hands the group back once the primary has asked for it for failbackDelay; "
            + "manual: only on failover:release.")
    Failback failback() default Failback.auto;

    @AttributeDefinition(description = "Milliseconds the primary must be heard asking for the group before an automatic hand-back.", min = "0")
    int failbackDelay() default 2000;

    @AttributeDefinition(description = "Milliseconds before a takeover vetoed by a Test action, or failed, is tried again.", min = "100")
    int retryDelay() default 5000;

    @AttributeDefinition(description = "false: the interfaces of the group's addresses are not watched. true: a node whose "
            + "interface carrying one of them is down for linkDebounce is unhealthy for the group and hands it over.")
    boolean trackLinks() default true;

    @AttributeDefinition(description = "More interfaces to watch for the group, comma separated (an uplink): any of them down "
            + "for linkDebounce makes this node unhealthy for the group, like keepalived's track_interface.")
    String[] trackInterfaces() default {};

    @AttributeDefinition(description = "false: this node releases the group and leaves it alone (DISABLED).")
    boolean enabled() default true;
}
