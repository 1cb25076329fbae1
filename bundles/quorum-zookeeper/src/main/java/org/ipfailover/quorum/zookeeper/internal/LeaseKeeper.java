package org.ipfailover.quorum.zookeeper.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.ipfailover.api.quorum.LeaseListener;
import org.ipfailover.api.quorum.QuorumStatus;
import org.ipfailover.threads.internal.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases of one ZooKeeper session: an ephemeral znode {@code <basePath>/leases/<group>}
 * holding the node's id per held group. Everything runs on one thread of its own that never waits
 * on the ensemble (every ZooKeeper operation is asynchronous), so a lost connection is passed on
 * to the held leases as soon as it may cost the session: when the client reports it (SUSPENDED:
 * after 2/3 of the negotiated session timeout without an answer, or at once when a server closes
 * the connection) and the grace of {@link SessionGrace} is over, at least a third of the timeout
 * before the ensemble can expire the session and let another node create the znode. Within the
 * grace the client finds another server (a server killed, a new leader elected) and nothing is
 * lost.
 *
 * <p>Longer than our classes usually are: the lease's life (ask, watch, grant, lose, give back)
 * and the session's states meet here, on one thread, and are easier to check side by side.
 */
final class LeaseKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);
    private static final long RETRY_MILLIS = 250;
    private static final long CLOSE_GRACE_MILLIS = 3000;

    private final QuorumSettings settings;
    private final CuratorFramework client;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(Threads.single("ipfailover-quorum-zookeeper"));
    private final List<LeaseRequest> requests = new ArrayList<>();
    private final Map<LeaseRequest, Watcher> watchers = new ConcurrentHashMap<>();
    private final Set<String> toGiveBack = new HashSet<>();
    private final Map<String, String> holders = new ConcurrentHashMap<>();
    private final List<Consumer<QuorumStatus>> quorumWatchers = new CopyOnWriteArrayList<>();
    private final byte[] nodeId;
    private final Supplier<String> whyNoConnection;
    private volatile QuorumStatus quorum;
    private CuratorCache cache;
    private final SessionGrace grace = new SessionGrace();
    /** This process's earlier sessions: a lease znode one of them owns is this node's own, left behind. */
    private final Set<Long> pastSessions = new HashSet<>();
    private long sessionId;
    /** Read by {@link #sessionTimeout()} from any thread. */
    private volatile int negotiatedMillis;
    /** Counts the connections lost, so that a grace timer knows whether its connection came back. */
    private int disconnects;
    private boolean connected;
    /** Whether a session was ever established: the connection timeout is about the first one only. */
    private boolean everConnected;
    private boolean closed;
    /** why the ensemble refused this node's login, until it accepts it: said once, and the quorum unreachable meanwhile */
    private String refusal;

    /** @param whyNoConnection asked, off this keeper's thread, why no connection came in time; null when nothing more is to be learnt */
    LeaseKeeper(QuorumSettings settings, CuratorFramework client, Supplier<String> whyNoConnection) {
        this.settings = settings;
        this.client = client;
        this.whyNoConnection = whyNoConnection;
        this.nodeId = settings.nodeId().getBytes(StandardCharsets.UTF_8);
        this.quorum = new QuorumStatus(false, Instant.now(), "connecting to " + settings.servers());
    }

    void start() {
        client.getConnectionStateListenable().addListener((c, state) -> onThread(() -> stateChanged(state)));
        onThread(() -> {
            client.start();
            cache = CuratorCache.build(client, settings.leasesPath());
            cache.listenable().addListener(CuratorCacheListener.builder()
                    .forCreatesAndChanges((before, after) -> learnt(after, true))
                    .forDeletes(before -> learnt(before, false)).build(), thread);
            cache.start();
        });
        long probe = SessionGrace.probeMillis(settings.sessionTimeoutMillis());
        thread.scheduleWithFixedDelay(() -> {
            try {
                probe();
            } catch (RuntimeException e) {
                LOG.warn("ZooKeeper quorum: probing the ensemble failed: {}", e.toString());
            }
        }, probe, probe, TimeUnit.MILLISECONDS);
        thread.schedule(() -> {
            if (!everConnected && !closed) {
                if (whyNoConnection == null) {
                    noConnection("");
                } else {
                    Threads.daemon("ipfailover-quorum-zookeeper-probe", () -> {
                        String why = whyNoConnection.get();
                        onThread(() -> noConnection(": " + why));
                    }).start();
                }
            }
        }, settings.connectionTimeoutMillis(), TimeUnit.MILLISECONDS);
    }

    private void noConnection(String why) {
        if (everConnected || closed || refusal != null) {
            return;
        }
        LOG.error("ZooKeeper quorum: no connection to {} within {} ms{}; still trying", settings.servers(),
                settings.connectionTimeoutMillis(), why);
        setQuorum(false, "no connection to " + settings.servers() + " within " + settings.connectionTimeoutMillis() + " ms" + why);
    }

    /** The ensemble accepted this node's SASL login: reachable again if connected, and a later refusal is news. */
    void accepted() {
        onThread(() -> {
            if (refusal == null || closed) {
                return;
            }
            refusal = null;
            LOG.info("ZooKeeper quorum: {} accepted the login again", settings.servers());
            if (connected) {
                reachable();
            }
        });
    }

    /** The ensemble refused this node's SASL login: one line until it accepts it, and the quorum unreachable meanwhile. */
    void refused() {
        onThread(() -> {
            if (closed) {
                return;
            }
            if (refusal == null) {
                LOG.error("ZooKeeper quorum: {} refused the SASL login of user {} from saslFile {}: wrong user or password?;"
                        + " no lease until it is accepted", settings.servers(), settings.sasl().map(QuorumSettings.SaslLogin::user).orElse("?"),
                        settings.sasl().map(QuorumSettings.SaslLogin::file).orElse("?"));
            }
            refusal = "the SASL login was refused by " + settings.servers();
            setQuorum(false, refusal);
        });
    }

    LeaseRequest request(String group, LeaseListener listener) {
        LeaseRequest request = new LeaseRequest(group, listener, this);
        onThread(() -> {
            if (closed) {
                request.lose("the ZooKeeper quorum is stopping");
                return;
            }
            if (!group.matches("[A-Za-z0-9._-]+") || group.equals(".") || group.equals("..")) {
                LOG.error("ZooKeeper quorum: group name \"{}\" cannot name a znode; its lease is refused", group);
                request.lose("group name not usable as a znode");
                return;
            }
            requests.add(request);
            watchers.put(request, event -> onThread(() -> changed(request, event)));
            if (connected) {
                create(request);
            }
        });
        return request;
    }

    void release(LeaseRequest request) {
        onThread(() -> {
            if (request.state() == LeaseRequest.State.CLOSED) {
                return;
            }
            // every request with a usable group name is in requests until closed, and may own its znode
            boolean mayOwn = requests.remove(request);
            request.closed();
            watchers.remove(request);
            if (mayOwn && !closed) {
                toGiveBack.add(request.group());
                giveBack(request.group());
            }
        });
    }

    QuorumStatus quorum() {
        return quorum;
    }

    /** @return the session timeout the ensemble granted, or the one asked before the first session */
    Duration sessionTimeout() {
        int negotiated = negotiatedMillis;
        return Duration.ofMillis(negotiated > 0 ? negotiated : settings.sessionTimeoutMillis());
    }

    Optional<String> holder(String group) {
        return Optional.ofNullable(holders.get(group));
    }

    AutoCloseable watchQuorum(Consumer<QuorumStatus> listener) {
        onThread(() -> {
            quorumWatchers.add(listener);
            tell(listener, quorum);
        });
        return () -> quorumWatchers.remove(listener);
    }

    private void stateChanged(ConnectionState state) {
        switch (state) {
            case CONNECTED, RECONNECTED -> {
                disconnects++;
                try {
                    long session = client.getZookeeperClient().getZooKeeper().getSessionId();
                    if (session != sessionId) {
                        grace.newSession();
                        if (sessionId != 0) {
                            pastSessions.add(sessionId);
                        }
                    }
                    sessionId = session;
                    int negotiated = client.getZookeeperClient().getZooKeeper().getSessionTimeout();
                    negotiatedMillis = negotiated;
                    LOG.info("ZooKeeper quorum: {} {}, session 0x{}, timeout {} ms (asked {}): a lost connection is noticed after {} ms",
                            state == ConnectionState.CONNECTED ? "connected to" : "reconnected to", settings.servers(),
                            Long.toHexString(sessionId), negotiated, settings.sessionTimeoutMillis(), negotiated * 2 / 3);
                } catch (Exception e) {
                    LOG.warn("ZooKeeper quorum: connected, but the session is not readable: {}", e.toString());
                    grace.newSession();
                }
                connected = true;
                everConnected = true;
                // a login refused before stays refused on a new connection until ZooKeeper says it is accepted (accepted())
                if (refusal == null) {
                    reachable();
                }
            }
            case SUSPENDED, LOST, READ_ONLY -> {
                boolean was = connected;
                connected = false;
                int disconnect = ++disconnects;
                String why = switch (state) {
                    case SUSPENDED -> "connection to the ZooKeeper ensemble lost";
                    case LOST -> "ZooKeeper session lost";
                    default -> "ZooKeeper server in read-only mode (no quorum)";
                };
                long remaining = state == ConnectionState.SUSPENDED && was ? grace.remainingNanos(System.nanoTime(), negotiatedMillis,
                        SessionGrace.probeMillis(settings.sessionTimeoutMillis())) : 0;
                if (remaining <= 0) {
                    loseAll(why);
                    return;
                }
                LOG.info("ZooKeeper quorum: {}; the session lives on the ensemble: held leases kept for {} ms while the client "
                        + "looks for another server", why, TimeUnit.NANOSECONDS.toMillis(remaining));
                thread.schedule(() -> {
                    if (disconnects == disconnect && !connected && !closed) {
                        loseAll(why + " and no other server found in time (the session may expire on the ensemble a third of "
                                + "its timeout from now)");
                    }
                }, remaining, TimeUnit.NANOSECONDS);
            }
        }
    }

    private void reachable() {
        setQuorum(true, "session 0x" + Long.toHexString(sessionId) + " with " + settings.servers());
        new HashSet<>(toGiveBack).forEach(this::giveBack);
        requests.stream().filter(r -> r.state() == LeaseRequest.State.WAITING).toList().forEach(this::create);
    }

    private void loseAll(String why) {
        long held = requests.stream().filter(r -> r.state() == LeaseRequest.State.HELD).count();
        LOG.warn("ZooKeeper quorum: {}; {} held lease(s) lost now, before the session can expire on the ensemble", why, held);
        // the quorum first: a holder told its lease is lost reads it to know whether onQuorumLoss = keep may apply
        setQuorum(false, why);
        requests.stream().filter(r -> r.state() == LeaseRequest.State.HELD).toList().forEach(r -> r.lose(why));
    }

    /** A sync through the leader: once answered, the session was alive on the ensemble when it was sent (see SessionGrace). */
    private void probe() {
        if (!connected || closed) {
            return;
        }
        long sent = System.nanoTime();
        long session = sessionId;
        background(() -> client.sync().inBackground((c, event) -> onThread(() -> {
            if (KeeperException.Code.get(event.getResultCode()) == KeeperException.Code.OK && session == sessionId) {
                grace.answered(sent);
            }
        })).forPath("/"), "(probe)");
    }

    private void create(LeaseRequest request) {
        if (!connected || request.state() != LeaseRequest.State.WAITING || closed) {
            return;
        }
        String path = path(request.group());
        background(() -> client.create().creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL)
                .inBackground((c, event) -> onThread(() -> created(request, event))).forPath(path, nodeId), request.group());
    }

    private void created(LeaseRequest request, CuratorEvent event) {
        KeeperException.Code code = KeeperException.Code.get(event.getResultCode());
        if (code == KeeperException.Code.OK) {
            granted(request);
        } else if (code == KeeperException.Code.NODEEXISTS) {
            inspect(request);
        } else {
            retry(request, "creating " + event.getPath(), code);
        }
    }

    /** The lease's znode exists: ours (a create whose answer was lost) or another node's, then watched. */
    private void inspect(LeaseRequest request) {
        if (request.state() != LeaseRequest.State.WAITING || !connected) {
            return;
        }
        background(() -> client.getData().usingWatcher(watchers.get(request))
                .inBackground((c, event) -> onThread(() -> inspected(request, event))).forPath(path(request.group())), request.group());
    }

    private void inspected(LeaseRequest request, CuratorEvent event) {
        KeeperException.Code code = KeeperException.Code.get(event.getResultCode());
        if (code == KeeperException.Code.NONODE) {
            create(request);
        } else if (code == KeeperException.Code.OK) {
            if (event.getStat() != null && event.getStat().getEphemeralOwner() == sessionId) {
                granted(request);
            } else if (event.getStat() != null && pastSessions.contains(event.getStat().getEphemeralOwner())) {
                // this process's own lease from a session Curator gave up (the ensemble was away longer than the
                // timeout): it blocks nobody but this node, and would go once the ensemble expires that session
                int version = event.getStat().getVersion();
                LOG.info("ZooKeeper quorum: lease of group {} still held by this node's earlier session 0x{}: deleting it",
                        request.group(), Long.toHexString(event.getStat().getEphemeralOwner()));
                background(() -> client.delete().withVersion(version).inBackground((c, deleted) -> onThread(() -> create(request)))
                        .forPath(path(request.group())), request.group());
            } else {
                request.waitingFor(event.getData() == null ? "?" : new String(event.getData(), StandardCharsets.UTF_8));
            }
        } else {
            retry(request, "reading " + event.getPath(), code);
        }
    }

    private void granted(LeaseRequest request) {
        if (request.state() == LeaseRequest.State.CLOSED || !requests.contains(request)) {
            toGiveBack.add(request.group());
            giveBack(request.group());
            return;
        }
        if (request.state() == LeaseRequest.State.WAITING) {
            holders.put(request.group(), settings.nodeId());
            request.grant();
            // watched from now on: a znode deleted under a held lease (by an operator) loses it
            background(() -> client.checkExists().usingWatcher(watchers.get(request)).inBackground((c, event) -> onThread(() -> {
                KeeperException.Code code = KeeperException.Code.get(event.getResultCode());
                boolean gone = code == KeeperException.Code.NONODE || code == KeeperException.Code.OK && event.getStat() == null;
                if (gone && request.state() == LeaseRequest.State.HELD) {
                    request.lose("its znode " + event.getPath() + " is gone");
                }
            })).forPath(path(request.group())), request.group());
        }
    }

    private void changed(LeaseRequest request, WatchedEvent event) {
        if (event.getType() == Watcher.Event.EventType.None) {
            return;
        }
        if (request.state() == LeaseRequest.State.HELD && event.getType() == Watcher.Event.EventType.NodeDeleted) {
            request.lose("its znode " + event.getPath() + " was deleted");
        } else if (request.state() == LeaseRequest.State.WAITING) {
            create(request);
        }
    }

    private void retry(LeaseRequest request, String what, KeeperException.Code code) {
        if (code == KeeperException.Code.NOAUTH) {
            LOG.error("ZooKeeper quorum: not allowed {} (digestFile's credentials?); asking again in {} ms", what,
                    settings.sessionTimeoutMillis());
            thread.schedule(() -> create(request), settings.sessionTimeoutMillis(), TimeUnit.MILLISECONDS);
        } else {
            LOG.debug("ZooKeeper quorum: {} failed ({}); asking again", what, code);
            thread.schedule(() -> create(request), RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Deletes the group's znode if this session (or an earlier one of this process) created it and
     * no open request holds it; on reconnection if need be.
     */
    private void giveBack(String group) {
        if (!connected || requests.stream().anyMatch(r -> r.group().equals(group) && r.state() == LeaseRequest.State.HELD)) {
            if (connected) {
                toGiveBack.remove(group);
            }
            return;
        }
        String path = path(group);
        background(() -> client.getData().inBackground((c, event) -> onThread(() -> {
            KeeperException.Code code = KeeperException.Code.get(event.getResultCode());
            if (code == KeeperException.Code.OK && (event.getStat().getEphemeralOwner() == sessionId
                    || pastSessions.contains(event.getStat().getEphemeralOwner()))
                    && requests.stream().noneMatch(r -> r.group().equals(group) && r.state() == LeaseRequest.State.HELD)) {
                int version = event.getStat().getVersion();
                background(() -> client.delete().withVersion(version).inBackground((c2, deleted) -> onThread(() -> {
                    KeeperException.Code result = KeeperException.Code.get(deleted.getResultCode());
                    if (result == KeeperException.Code.OK || result == KeeperException.Code.NONODE) {
                        toGiveBack.remove(group);
                        LOG.info("ZooKeeper quorum: lease of group {} given back", group);
                    }
                })).forPath(path), group);
            } else if (code == KeeperException.Code.OK || code == KeeperException.Code.NONODE) {
                toGiveBack.remove(group);
            }
        })).forPath(path), group);
    }

    private void learnt(ChildData data, boolean present) {
        if (data == null || !ZKPaths.getPathAndNode(data.getPath()).getPath().equals(settings.leasesPath())) {
            return;
        }
        String group = ZKPaths.getNodeFromPath(data.getPath());
        if (present && data.getData() != null) {
            holders.put(group, new String(data.getData(), StandardCharsets.UTF_8));
        } else {
            holders.remove(group);
        }
    }

    private void setQuorum(boolean reachable, String detail) {
        if (quorum.reachable() == reachable && quorum.detail().equals(detail)) {
            return;
        }
        quorum = new QuorumStatus(reachable, quorum.reachable() == reachable ? quorum.since() : Instant.now(), detail);
        quorumWatchers.forEach(watcher -> tell(watcher, quorum));
    }

    private static void tell(Consumer<QuorumStatus> watcher, QuorumStatus status) {
        try {
            watcher.accept(status);
        } catch (RuntimeException e) {
            LOG.error("a quorum watcher failed", e);
        }
    }

    private String path(String group) {
        return settings.leasesPath() + "/" + group;
    }

    private void onThread(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("ZooKeeper quorum: a lease event failed", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // closed: nothing more to do
        }
    }

    private interface Operation {
        void run() throws Exception;
    }

    private void background(Operation operation, String group) {
        try {
            operation.run();
        } catch (Exception e) {
            LOG.warn("ZooKeeper quorum: an operation on group {}'s lease could not start: {}", group, e.toString());
        }
    }

    /**
     * Tells every lease lost, gives the detector up to {@code CLOSE_GRACE_MILLIS} to drop the
     * groups' addresses and close the requests, then ends the session: the ensemble deletes its
     * ephemeral znodes at once, and another node may be granted them.
     */
    @Override
    public void close() {
        onThread(() -> {
            closed = true;
            List.copyOf(requests).forEach(r -> r.lose("the ZooKeeper quorum is stopping"));
        });
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_GRACE_MILLIS);
        try {
            while (System.nanoTime() < deadline && thread.submit(requests::size).get(1, TimeUnit.SECONDS) > 0) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            thread.submit(() -> {
                if (cache != null) {
                    cache.close();
                }
                client.close();
            }).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("ZooKeeper quorum: the session did not end cleanly", e);
        }
        thread.shutdownNow();
        Threads.await(thread, 5000);
    }
}
