package org.ipfailover.quorum.zookeeper.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ipfailover.api.quorum.GroupLease;
import org.ipfailover.api.quorum.Lease;
import org.ipfailover.api.quorum.LeaseListener;
import org.ipfailover.api.quorum.QuorumStatus;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code quorum:} commands, also reached through {@code ipfailover ctl}: the quorum's state,
 * who holds a group's lease, and a lease asked for and given back by hand (to try an ensemble
 * before the detector relies on it; the outcome is in the log).
 */
// immediate: gogo ungets its commands after each call, and a delayed component would go with the leases asked by hand
@Component(service = QuorumCommands.class, immediate = true, property = {"osgi.command.scope=quorum",
    "osgi.command.function=status", "osgi.command.function=holder", "osgi.command.function=request",
    "osgi.command.function=release"})
public class QuorumCommands {
    private final Map<String, Lease> byHand = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile GroupLease quorum;

    /** @return reachable or not, since when, and why */
    public String status() {
        GroupLease lease = quorum;
        if (lease == null) {
            return "no quorum configured (org.ipfailover.quorum.zookeeper)";
        }
        QuorumStatus status = lease.quorum();
        return lease.name() + " " + (status.reachable() ? "reachable" : "UNREACHABLE") + " since " + status.since() + "  " + status.detail();
    }

    /** @return the node holding the group's lease, or "-" */
    public String holder(String group) {
        GroupLease lease = quorum;
        return lease == null ? "-" : lease.holder(group).orElse("-");
    }

    /** Asks for a group's lease by hand; the log says when it is granted or lost. */
    public String request(String group) {
        GroupLease lease = quorum;
        if (lease == null) {
            return "no quorum configured";
        }
        if (byHand.containsKey(group)) {
            return "already asked for " + group + (byHand.get(group).held() ? " (held)" : " (not held)");
        }
        byHand.put(group, lease.request(group, new LeaseListener() {
            @Override
            public void granted(String g) {
            }

            @Override
            public void lost(String g, String reason) {
            }
        }));
        return "asked for " + group;
    }

    /** Gives back a lease asked for by hand. */
    public String release(String group) {
        Lease lease = byHand.remove(group);
        if (lease == null) {
            return "no lease of " + group + " was asked for by hand";
        }
        lease.close();
        return "gave back " + group;
    }

    @Deactivate
    void deactivate() {
        byHand.values().forEach(Lease::close);
        byHand.clear();
    }
}
