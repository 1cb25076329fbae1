package org.example.ipfailover.echo;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Echo action (example)",
        description = "Appends one line per phase it runs to a file: time, bundle and version, phase, group, addresses, "
                + "message. One file per action: conf/org.example.echo-<name>.cfg")
@interface EchoConfig {
    String FACTORY_PID = "org.example.echo";

    @AttributeDefinition(description = "The file the lines are appended to; a relative path is resolved against the node's "
            + "home. Required.")
    String file() default "";

    @AttributeDefinition(description = "Text written at the end of every line.")
    String message() default "";

    @AttributeDefinition(description = "The action's name in logs and events. Empty: echo:<the name in the file name>.")
    String name() default "";

    @AttributeDefinition(description = "The phases this action serves.", options = {
        @Option(label = "TEST", value = "TEST"), @Option(label = "PRE_ACQUIRE", value = "PRE_ACQUIRE"),
        @Option(label = "POST_ACQUIRE", value = "POST_ACQUIRE"), @Option(label = "PRE_RELEASE", value = "PRE_RELEASE"),
        @Option(label = "POST_RELEASE", value = "POST_RELEASE")})
    String[] phases() default {"TEST", "PRE_ACQUIRE", "POST_ACQUIRE", "PRE_RELEASE", "POST_RELEASE"};

    @AttributeDefinition(description = "The groups this action serves, comma separated; * for all.")
    String[] groups() default {"*"};

    @AttributeDefinition(description = "Seconds one run may take before the pipeline abandons it.", min = "1")
    int timeout() default 5;

    @AttributeDefinition(description = "What a failure does to a takeover: abort undoes it, continue reports it and goes on.",
            options = {@Option(label = "abort", value = "abort"), @Option(label = "continue", value = "continue")})
    String onFailure() default "continue";

    @AttributeDefinition(description = "Order among actions: higher runs earlier when acquiring and later when releasing.")
    int service_ranking() default 0;
}
