package org.ipfailover.actions.afp.internal;

import org.ipfailover.api.FailoverAction.OnFailure;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "ipfailover AFP reconnect key",
        description = "Points AFP's reconnect key at shared storage once the addresses and services have moved, "
                + "so that clients reconnect to the node that took over. File: conf/org.ipfailover.action.afp.cfg")
@interface AfpConfig {
    String PID = "org.ipfailover.action.afp";

    @AttributeDefinition(description = "The AFP server's preferences (XML or binary property list).")
    String plist() default "/Library/Preferences/com.apple.AppleFileServer.plist";

    @AttributeDefinition(description = "The shared location for the reconnect key, on the shared volume, e.g. /Volumes/AFPToken/AFP.conf.")
    String reconnectKeyLocation() default "";

    @AttributeDefinition(description = "true: on release, set reconnectKeyLocation back to what it was before the takeover.")
    boolean restoreOnRelease() default true;

    @AttributeDefinition(description = "Where the value before the takeover is remembered, relative to the node's home.")
    String stateFile() default "var/org.ipfailover.action.afp.state";

    @AttributeDefinition(description = "Groups this applies to, comma separated. Empty: every group.")
    String[] groups() default {};

    @AttributeDefinition(description = "CONTINUE: a failure is reported and the takeover goes on. ABORT: it undoes the takeover.")
    OnFailure onFailure() default OnFailure.CONTINUE;

    @AttributeDefinition(description = "Milliseconds one run may take.", min = "1000")
    int timeout() default 10_000;

    @AttributeDefinition(name = "service.ranking",
            description = "Order among the actions: higher runs earlier on acquire and later on release.")
    int service_ranking() default 100;
}
