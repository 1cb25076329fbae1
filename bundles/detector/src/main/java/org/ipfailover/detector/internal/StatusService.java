package org.ipfailover.detector.internal;

import java.util.List;
import java.util.Set;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.NodeStatus;
import org.ipfailover.api.QuorumFlags;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** What this node announces, for the heartbeat: the announcing detector's groups and peers. */
@Component
public class StatusService implements NodeStatus {
    private final DetectorHolder holder;

    @Activate
    public StatusService(@Reference DetectorHolder holder) {
        this.holder = holder;
    }

    @Override
    public List<GroupAnnouncement> announcements() {
        Detector current = holder.announcing();
        return current == null ? List.of() : current.announcements();
    }

    @Override
    public Set<String> peers() {
        Detector current = holder.announcing();
        return current == null ? Set.of() : current.peerNodes();
    }

    @Override
    public QuorumFlags quorum() {
        Detector current = holder.announcing();
        return current == null ? QuorumFlags.NONE : current.quorumFlags();
    }

    @Override
    public AutoCloseable subscribe(Runnable onChange) {
        return holder.subscribe(onChange);
    }
}
