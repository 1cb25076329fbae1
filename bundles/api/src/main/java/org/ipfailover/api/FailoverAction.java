package org.ipfailover.api;

import java.time.Duration;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One step that makes a service live behind the addresses, or stops it: a script folder, a
 * service start or stop, a volume mount. Registered as a whiteboard service; the detector runs the
 * actions of a phase in order of {@code service.ranking} (highest first), then name, and the
 * release phases in the reverse of that order.
 */
@ConsumerType
public interface FailoverAction {
    /** What the pipeline does when an action fails. The TEST phase always aborts. */
    enum OnFailure {
        /** Stop the transition: a takeover is undone, a release still removes the addresses. */
        ABORT,
        /** Report the failure and go on. */
        CONTINUE
    }

    /** @return a short name for logs, events and ordering */
    String name();

    /** @return the phases this action serves */
    Set<Phase> phases();

    /**
     * @param group a group's name
     * @return whether this action applies to that group
     */
    default boolean appliesTo(String group) {
        return true;
    }

    /** @return how long one run may take before the pipeline abandons it (and interrupts it) */
    default Duration timeout() {
        return Duration.ofSeconds(60);
    }

    /** @return what a failure of this action does to the transition */
    default OnFailure onFailure() {
        return OnFailure.ABORT;
    }

    /**
     * Runs the action for one phase. Called on a pipeline thread; the thread is interrupted when
     * the timeout passes.
     *
     * @param context the group, phase and addresses
     * @return the outcome; a thrown exception counts as a failure with its message
     * @throws Exception on failure
     */
    ActionResult run(ActionContext context) throws Exception;
}
