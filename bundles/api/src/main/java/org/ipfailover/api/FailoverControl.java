package org.ipfailover.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The detector as operators reach it (Gogo commands, {@code ipfailover ctl}). Commands return
 * once the request is accepted; the transition itself runs asynchronously and shows in
 * {@link #groups()} and {@link #history(int)}.
 */
@ProviderType
public interface FailoverControl {
    /** @return this node's id */
    String node();

    /** @return whether this node takes part in the decisions, and the alarms that stand */
    NodeCondition condition();

    /** @return every configured group */
    List<GroupStatus> groups();

    /** @return every peer named in a group */
    List<PeerStatus> peerStatus();

    /**
     * @param count how many events at most
     * @return the latest events, oldest first
     */
    /**
     * @return every check and tracked interface guarding this node's groups, by group, then by name
     */
    List<HealthStatus> health();

    List<FailoverEvent> history(int count);

    /**
     * @param group a group's name
     * @return the actions of each phase in the order a takeover and a release run them
     * @throws IllegalArgumentException for an unknown group
     */
    List<ActionInfo> actions(String group);

    /**
     * Runs the TEST phase now, as a takeover would, and changes nothing.
     *
     * @param group a group's name
     * @return each Test action's outcome, in run order
     * @throws IllegalArgumentException for an unknown group
     */
    List<ActionResult> test(String group);

    /**
     * Announces the group's addresses again now (gratuitous ARP, unsolicited neighbour
     * advertisements), for switches and clients that missed the takeover.
     *
     * @param group a group's name
     * @return what was done, in one line
     * @throws IllegalArgumentException for an unknown group
     * @throws IllegalStateException when this node does not hold the group
     */
    String reclaim(String group);

    /**
     * Takes the group over now, if no other node holds it.
     *
     * @param group a group's name
     * @return what was done, in one line
     * @throws IllegalArgumentException for an unknown group
     * @throws IllegalStateException when the group cannot be taken now (held elsewhere, failed)
     */
    String takeover(String group);

    /**
     * Releases the group (the manual hand-back); a primary then yields it until {@link #recover}.
     *
     * @param group a group's name
     * @return what was done, in one line
     * @throws IllegalArgumentException for an unknown group
     * @throws IllegalStateException when this node does not hold the group
     */
    String release(String group);

    /**
     * Marks the group failed on this node: released if held, never taken until {@link #recover}.
     *
     * @param group a group's name
     * @return what was done, in one line
     * @throws IllegalArgumentException for an unknown group
     */
    String fail(String group);

    /**
     * Makes the group eligible again on this node (a primary asks for it back).
     *
     * @param group a group's name
     * @return what was done, in one line
     * @throws IllegalArgumentException for an unknown group
     * @throws IllegalStateException when the group is not failed or yielded
     */
    String recover(String group);
}
