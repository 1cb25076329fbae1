package org.ipfailover.detector.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.ipfailover.api.quorum.GroupLease;
import org.ipfailover.api.quorum.Lease;
import org.ipfailover.api.quorum.LeaseListener;
import org.ipfailover.api.quorum.QuorumStatus;

/**
 * A coordination service for tests, behaving as the GroupLease contract says: one holder per group
 * at a time, requests queued in their order and granted when the lease is free, a lost lease
 * passed on to the next in line, answers on a thread of its own. Each node reaches it through
 * {@link #node(String)}; {@link #cut(String, String)} is that node losing its connection. What
 * happens is written to {@code trace} ("lease granted web to sec", "lease closed web by sec").
 */
final class LeaseAuthority implements AutoCloseable {
    /** What {@code holderExpiry()} says: how long a crashed holder's lease would stay (0: not known). */
    volatile long holderExpiryMillis;

    private final List<String> trace;
    private final ExecutorService answers = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "lease-authority");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Deque<Request>> queues = new HashMap<>();
    private final Map<String, NodeView> nodes = new HashMap<>();

    LeaseAuthority(List<String> trace) {
        this.trace = trace;
    }

    /** The service as the given node sees it. */
    synchronized NodeView node(String node) {
        return nodes.computeIfAbsent(node, NodeView::new);
    }

    /** @return the holder of the group's lease, or null */
    synchronized String holderOf(String group) {
        Deque<Request> queue = queues.get(group);
        Request head = queue == null ? null : queue.peekFirst();
        return head != null && head.granted ? head.node.node : null;
    }

    /** The node loses its connection: its quorum is not reached, every request of it is lost (and the next in line granted). */
    synchronized void cut(String node, String detail) {
        NodeView view = node(node);
        view.quorum(false, detail);
        for (Deque<Request> queue : queues.values()) {
            for (Request request : List.copyOf(queue)) {
                if (request.node == view) {
                    queue.remove(request);
                    request.open = false;
                    answer(() -> request.listener.lost(request.group, "the connection to the quorum is lost (" + detail + ")"));
                }
            }
        }
        for (String group : queues.keySet()) {
            grantHead(group);
        }
    }

    /** The service takes the group's lease from its holder (a session expired): the holder is told, the next in line granted. */
    synchronized void revoke(String group, String reason) {
        Deque<Request> queue = queues.get(group);
        Request head = queue == null ? null : queue.peekFirst();
        if (head != null && head.granted) {
            queue.removeFirst();
            head.open = false;
            answer(() -> head.listener.lost(group, reason));
            grantHead(group);
        }
    }

    /** The node reaches the quorum again. */
    synchronized void heal(String node) {
        node(node).quorum(true, "3 servers");
    }

    /** Waits until every answer given so far was delivered. */
    void settle() throws Exception {
        answers.submit(() -> { }).get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        answers.shutdownNow();
    }

    private synchronized Request request(NodeView node, String group, LeaseListener listener) {
        Request request = new Request(node, group, listener);
        if (!node.reachable) {
            request.open = false;
            answer(() -> listener.lost(group, "the quorum is not reached"));
            return request;
        }
        queues.computeIfAbsent(group, g -> new ArrayDeque<>()).addLast(request);
        grantHead(group);
        return request;
    }

    private synchronized void closed(Request request) {
        if (!request.closedOnce) {
            request.closedOnce = true;
            trace.add("lease closed " + request.group + " by " + request.node.node);
        }
        request.open = false;
        Deque<Request> queue = queues.get(request.group);
        if (queue != null && queue.remove(request)) {
            grantHead(request.group);
        }
    }

    private void grantHead(String group) {
        Deque<Request> queue = queues.get(group);
        Request head = queue == null ? null : queue.peekFirst();
        if (head != null && !head.granted) {
            head.granted = true;
            trace.add("lease granted " + group + " to " + head.node.node);
            answer(() -> head.listener.granted(group));
        }
    }

    private void answer(Runnable call) {
        answers.execute(call);
    }

    /** The service on one node. */
    final class NodeView implements GroupLease {
        final String node;
        private boolean reachable = true;
        private QuorumStatus status = new QuorumStatus(true, Instant.now(), "3 servers");
        private final List<Consumer<QuorumStatus>> watchers = new ArrayList<>();

        NodeView(String node) {
            this.node = node;
        }

        @Override
        public String name() {
            return "test-quorum";
        }

        @Override
        public Lease request(String group, LeaseListener listener) {
            return LeaseAuthority.this.request(this, group, listener);
        }

        @Override
        public QuorumStatus quorum() {
            synchronized (LeaseAuthority.this) {
                return status;
            }
        }

        @Override
        public Optional<String> holder(String group) {
            return Optional.ofNullable(holderOf(group));
        }

        @Override
        public Duration holderExpiry() {
            return Duration.ofMillis(holderExpiryMillis);
        }

        @Override
        public AutoCloseable watchQuorum(Consumer<QuorumStatus> listener) {
            synchronized (LeaseAuthority.this) {
                watchers.add(listener);
                QuorumStatus now = status;
                answer(() -> listener.accept(now));
            }
            return () -> {
                synchronized (LeaseAuthority.this) {
                    watchers.remove(listener);
                }
            };
        }

        private void quorum(boolean next, String detail) {
            if (next == reachable) {
                return;
            }
            reachable = next;
            status = new QuorumStatus(next, Instant.now(), detail);
            QuorumStatus now = status;
            for (Consumer<QuorumStatus> watcher : List.copyOf(watchers)) {
                answer(() -> watcher.accept(now));
            }
        }
    }

    private final class Request implements Lease {
        final NodeView node;
        final String group;
        final LeaseListener listener;
        boolean granted;
        boolean open = true;
        boolean closedOnce;

        Request(NodeView node, String group, LeaseListener listener) {
            this.node = node;
            this.group = group;
            this.listener = listener;
        }

        @Override
        public String group() {
            return group;
        }

        @Override
        public boolean held() {
            synchronized (LeaseAuthority.this) {
                return open && granted;
            }
        }

        @Override
        public void close() {
            closed(this);
        }
    }
}
