package org.ipfailover.actions.shell.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "ipfailover shell action",
        description = "Runs Apple IP Failover script folders (Test, PreAcq*, PostAcq*, PreRel*, PostRel* in one folder per "
                + "primary address, in name order) or one AFMfail-style service script (up after the addresses arrive, down "
                + "before they leave). One file per action: conf/org.ipfailover.action.shell-<name>.cfg")
@interface ShellConfig {
    String FACTORY_PID = "org.ipfailover.action.shell";

    @AttributeDefinition(description = "The action's name in logs and events. Empty: shell:<the name in the file name>.")
    String name() default "";

    @AttributeDefinition(description = "The folder that holds one folder of scripts per primary address (e.g. "
            + "<folder>/198.51.100.10/PreAcq-1). Empty: /Library/IPFailover on macOS, /etc/ipfailover elsewhere. "
            + "A missing address folder runs nothing and succeeds.")
    String folder() default "";

    @AttributeDefinition(description = "An AFMfail-style service script, run with 'up' after the addresses arrive and 'down' "
            + "before they leave ('reclaim' is not run: the detector has no reclaim phase). When set, folder is not used.")
    String script() default "";

    @AttributeDefinition(description = "Seconds one phase's scripts may take together; then the running script and every "
            + "process it started are killed.", min = "1")
    int timeout() default 60;

    @AttributeDefinition(description = "false: also run scripts (and folders) writable by group or others, or owned by "
            + "another user than root or the node's user.")
    boolean strictModes() default true;

    @AttributeDefinition(description = "What a failed script does to a takeover: abort undoes it, continue reports it and "
            + "goes on. A failed Test always vetoes the takeover; a release always goes on.",
            options = {@Option(label = "abort", value = "abort"), @Option(label = "continue", value = "continue")})
    String onFailure() default "abort";

    @AttributeDefinition(description = "The groups this action serves, comma separated; * for all.")
    String[] groups() default {"*"};

    @AttributeDefinition(description = "Order among actions: higher runs earlier when acquiring and later when releasing. ")
    int service_ranking() default 250;
}
