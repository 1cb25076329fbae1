package org.ipfailover.actions.shell.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.ipfailover.api.ActionContext;
import org.ipfailover.api.Vip;

/** What a script is told about the transition, in its environment. */
final class ScriptEnvironment {
    private ScriptEnvironment() {
    }

    /** @return the variables; IPFAILOVER_VIPS holds interface:address/prefix items, space separated */
    static Map<String, String> of(ActionContext context) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("IPFAILOVER_GROUP", context.group());
        environment.put("IPFAILOVER_PHASE", context.phase().name());
        environment.put("IPFAILOVER_VIPS", context.addresses().stream().map(Vip::toString).collect(Collectors.joining(" ")));
        Vip primary = context.primaryAddress();
        environment.put("IPFAILOVER_PRIMARY_IP", primary != null ? primary.address().getHostAddress() : "");
        environment.put("IPFAILOVER_NODE", Objects.toString(context.node(), ""));
        environment.put("IPFAILOVER_PEER", Objects.toString(context.peer(), ""));
        return environment;
    }
}
