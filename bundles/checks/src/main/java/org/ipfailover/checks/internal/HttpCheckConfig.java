package org.ipfailover.checks.internal;

import org.ipfailover.api.GroupChecks;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "ipfailover HTTP check",
        description = "Guards groups with an HTTP GET: healthy while the answer's status is one expected, within the timeout. "
                + "One file per check: conf/org.ipfailover.check.http-<name>.cfg")
@interface HttpCheckConfig {
    String FACTORY_PID = "org.ipfailover.check.http";

    @AttributeDefinition(description = "The check's name in logs, events and hc:exec. Empty: http-<the name in the file name>.")
    String name() default "";

    @AttributeDefinition(description = "The groups this check guards, comma separated: a node where it fails is no candidate "
            + "for them, and hands them over when it holds them.")
    String[] groups();

    @AttributeDefinition(description = "Milliseconds between two requests.", min = "10")
    int interval() default GroupChecks.DEFAULT_INTERVAL;

    @AttributeDefinition(description = "Milliseconds a request may take, from the connection to the end of the answer; then "
            + "it failed.", min = "10")
    int timeout() default GroupChecks.DEFAULT_TIMEOUT;

    @AttributeDefinition(description = "Successes in a row that make a failed check healthy again.", min = "1")
    int rise() default GroupChecks.DEFAULT_RISE;

    @AttributeDefinition(description = "Failures in a row that make a healthy check fail.", min = "1")
    int fall() default GroupChecks.DEFAULT_FALL;

    @AttributeDefinition(description = "The address asked, http:// or https:// (the JVM's trust store checks the server's "
            + "certificate); redirects are not followed.")
    String url();

    @AttributeDefinition(description = "The statuses that count as healthy: a status, a range, or several separated by "
            + "commas, e.g. 200-299,301.")
    String expect() default "200-399";
}
