package org.ipfailover.detector.internal;

import java.util.List;
import org.ipfailover.api.ActionInfo;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverControl;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.GroupStatus;
import org.ipfailover.api.HealthStatus;
import org.ipfailover.api.NodeCondition;
import org.ipfailover.api.PeerStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The operator's view and commands, on the running detector; refused while none runs. */
@Component
public class ControlService implements FailoverControl {
    private final DetectorHolder holder;

    @Activate
    public ControlService(@Reference DetectorHolder holder) {
        this.holder = holder;
    }

    @Override
    public String node() {
        return holder.require().node();
    }

    @Override
    public NodeCondition condition() {
        return holder.require().condition();
    }

    @Override
    public List<GroupStatus> groups() {
        return holder.require().groups();
    }

    @Override
    public List<PeerStatus> peerStatus() {
        return holder.require().peers();
    }

    @Override
    public List<HealthStatus> health() {
        return holder.require().health();
    }

    @Override
    public List<FailoverEvent> history(int count) {
        return holder.require().history(count);
    }

    @Override
    public List<ActionInfo> actions(String group) {
        return holder.require().actions(group);
    }

    @Override
    public List<ActionResult> test(String group) {
        return holder.require().test(group);
    }

    @Override
    public String reclaim(String group) {
        return holder.require().reclaim(group);
    }

    @Override
    public String takeover(String group) {
        return holder.require().command(group, "takeover");
    }

    @Override
    public String release(String group) {
        return holder.require().command(group, "release");
    }

    @Override
    public String fail(String group) {
        return holder.require().command(group, "fail");
    }

    @Override
    public String recover(String group) {
        return holder.require().command(group, "recover");
    }
}
