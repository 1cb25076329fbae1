package org.ipfailover.checks.internal;

import org.ipfailover.api.GroupChecks;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "ipfailover TCP check",
        description = "Guards groups with a TCP connection: healthy while host:port accepts one within the timeout. "
                + "One file per check: conf/org.ipfailover.check.tcp-<name>.cfg")
@interface TcpCheckConfig {
    String FACTORY_PID = "org.ipfailover.check.tcp";

    @AttributeDefinition(description = "The check's name in logs, events and hc:exec. Empty: tcp-<the name in the file name>.")
    String name() default "";

    @AttributeDefinition(description = "The groups this check guards, comma separated: a node where it fails is no candidate "
            + "for them, and hands them over when it holds them.")
    String[] groups();

    @AttributeDefinition(description = "Milliseconds between two connection attempts.", min = "10")
    int interval() default GroupChecks.DEFAULT_INTERVAL;

    @AttributeDefinition(description = "Milliseconds an attempt may take, name lookup included; then it failed.", min = "10")
    int timeout() default GroupChecks.DEFAULT_TIMEOUT;

    @AttributeDefinition(description = "Successes in a row that make a failed check healthy again.", min = "1")
    int rise() default GroupChecks.DEFAULT_RISE;

    @AttributeDefinition(description = "Failures in a row that make a healthy check fail.", min = "1")
    int fall() default GroupChecks.DEFAULT_FALL;

    @AttributeDefinition(description = "The host to connect to: an address or a name.")
    String host() default "127.0.0.1";

    @AttributeDefinition(description = "The port to connect to, 1 to 65535.", min = "1", max = "65535")
    int port();
}
