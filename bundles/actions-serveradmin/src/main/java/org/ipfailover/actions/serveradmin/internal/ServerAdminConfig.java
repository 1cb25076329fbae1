package org.ipfailover.actions.serveradmin.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "ipfailover service start and stop",
        description = "Starts services after the addresses arrive (and checks they run) and stops them before the addresses "
                + "leave, with serveradmin, systemctl or service. One file per action: "
                + "conf/org.ipfailover.action.serveradmin-<name>.cfg")
@interface ServerAdminConfig {
    String FACTORY_PID = "org.ipfailover.action.serveradmin";

    @AttributeDefinition(description = "The action's name in logs and events. Empty: serveradmin:<the name in the file name>.")
    String name() default "";

    @AttributeDefinition(description = "The services, comma separated, started in this order and stopped in the reverse order.")
    String[] services() default {};

    @AttributeDefinition(description = "serveradmin, systemctl or service, by name (looked up on path) or as an absolute path "
            + "to one of them. Empty: serveradmin on macOS, systemctl elsewhere.")
    String command() default "";

    @AttributeDefinition(description = "Where to look for the command, folders separated by ':' (also the command's PATH). "
            + "Empty: the node's PATH.")
    String path() default "";

    @AttributeDefinition(description = "Seconds a started service may take to report that it runs.", min = "1")
    int startTimeout() default 30;

    @AttributeDefinition(description = "Seconds starting (or stopping) all the services may take together; then the running "
            + "command and every process it started are killed.", min = "1")
    int timeout() default 120;

    @AttributeDefinition(description = "What a service that does not start does to a takeover: continue reports it and keeps "
            + "the addresses, abort undoes the takeover. A release always goes on.",
            options = {@Option(label = "continue", value = "continue"), @Option(label = "abort", value = "abort")})
    String onFailure() default "continue";

    @AttributeDefinition(description = "The groups this action serves, comma separated; * for all.")
    String[] groups() default {"*"};

    @AttributeDefinition(description = "Order among actions: higher runs earlier when acquiring and later when releasing. ")
    int service_ranking() default 200;
}
