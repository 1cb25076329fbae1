package org.ipfailover.checks.internal;

import org.ipfailover.api.GroupChecks;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "ipfailover script check",
        description = "Guards groups with a program, like keepalived's vrrp_script: healthy while it exits 0 within the timeout. "
                + "One file per check: conf/org.ipfailover.check.script-<name>.cfg")
@interface ScriptCheckConfig {
    String FACTORY_PID = "org.ipfailover.check.script";

    @AttributeDefinition(description = "The check's name in logs, events and hc:exec. Empty: script-<the name in the file name>.")
    String name() default "";

    @AttributeDefinition(description = "The groups this check guards, comma separated: a node where it fails is no candidate "
            + "for them, and hands them over when it holds them.")
    String[] groups();

    @AttributeDefinition(description = "Milliseconds between two runs.", min = "10")
    int interval() default GroupChecks.DEFAULT_INTERVAL;

    @AttributeDefinition(description = "Milliseconds a run may take; then the program and every process it started are "
            + "killed, and the run failed.", min = "10")
    int timeout() default GroupChecks.DEFAULT_TIMEOUT;

    @AttributeDefinition(description = "Successes in a row that make a failed check healthy again.", min = "1")
    int rise() default GroupChecks.DEFAULT_RISE;

    @AttributeDefinition(description = "Failures in a row that make a healthy check fail.", min = "1")
    int fall() default GroupChecks.DEFAULT_FALL;

    @AttributeDefinition(description = "The program, by absolute path, and its arguments, separated by spaces ('…' or \"…\" "
            + "keep spaces in one argument). Run without a shell, with an empty standard input: exit 0 is healthy; "
            + "otherwise its last line of output says why not.")
    String[] command();

    @AttributeDefinition(description = "false: also run a program (or one in a folder) writable by group or others, or owned "
            + "by another user than root or the node's user.")
    boolean strictModes() default true;
}
