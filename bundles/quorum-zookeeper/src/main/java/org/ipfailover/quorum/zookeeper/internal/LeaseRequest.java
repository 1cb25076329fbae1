package org.ipfailover.quorum.zookeeper.internal;

import org.ipfailover.api.quorum.Lease;
import org.ipfailover.api.quorum.LeaseListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link Lease}: asked for, then held, then lost or given back. Its state changes only on the
 * keeper's thread; {@link #held()} may be read from any.
 */
final class LeaseRequest implements Lease {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseRequest.class);

    enum State { WAITING, HELD, LOST, CLOSED }

    private final String group;
    private final LeaseListener listener;
    private final LeaseKeeper keeper;
    private volatile State state = State.WAITING;
    private String holder = "";

    LeaseRequest(String group, LeaseListener listener, LeaseKeeper keeper) {
        this.group = group;
        this.listener = listener;
        this.keeper = keeper;
    }

    @Override
    public String group() {
        return group;
    }

    @Override
    public boolean held() {
        return state == State.HELD;
    }

    State state() {
        return state;
    }

    /** On the keeper's thread: the lease's znode is ours now. */
    void grant() {
        if (state != State.WAITING) {
            return;
        }
        state = State.HELD;
        LOG.info("ZooKeeper quorum: lease of group {} granted", group);
        try {
            listener.granted(group);
        } catch (RuntimeException e) {
            LOG.error("the listener of group {}'s lease failed on granted", group, e);
        }
    }

    /** On the keeper's thread: another node holds the lease; said once per holder. */
    void waitingFor(String other) {
        if (state == State.WAITING && !other.equals(holder)) {
            holder = other;
            LOG.info("ZooKeeper quorum: lease of group {} held by {}; waiting for it", group, other);
        }
    }

    /** On the keeper's thread: the lease is gone or may be, or the keeper gives up on it; told once. */
    void lose(String reason) {
        if (state == State.LOST || state == State.CLOSED) {
            return;
        }
        LOG.warn("ZooKeeper quorum: lease of group {} lost: {}", group, reason);
        state = State.LOST;
        try {
            listener.lost(group, reason);
        } catch (RuntimeException e) {
            LOG.error("the listener of group {}'s lease failed on lost", group, e);
        }
    }

    /** On the keeper's thread. */
    void closed() {
        state = State.CLOSED;
    }

    @Override
    public void close() {
        keeper.release(this);
    }

    @Override
    public String toString() {
        return group + " " + state;
    }
}
