package org.ipfailover.bench.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * The campaign: starts the nodes, the client and the watchers in the lab, injects faults one after
 * another at random moments until the time is up, lets everything settle, and hands what it saw to
 * the verdicts.
 */
final class Campaign {
    /** The campaign was interrupted (Ctrl-C). */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** History snapshots, taken every few seconds and before a node is stopped. */
    final class Snapshots {
        void take(Daemon daemon) {
            if (!daemon.running() || daemon.paused()) {
                return;
            }
            int incarnation = daemon.incarnation();
            String table = daemon.ctl("failover:history 1000", 3000);
            if (table != null) {
                history.add(daemon.host(), incarnation, table);
            }
        }
    }

    static final long SETTLE_MILLIS = 30_000;
    static final double SETTLED_START = 0.7;

    private final Options options;
    private final Random random;
    private final Lab lab;
    private final List<Group> groups;
    private final Spawner spawner;
    private final Map<String, Daemon> daemons = new LinkedHashMap<>();
    private final AddressWatch addresses;
    private final Map<String, ProbeWatch> probes = new LinkedHashMap<>();
    private final StatusWatch status = new StatusWatch();
    private final HistoryBook history = new HistoryBook();
    private final MailBox mail = new MailBox();
    private final Snapshots snapshots = new Snapshots();
    private final List<Fault> faults = new ArrayList<>();
    private final List<String> incidents = new ArrayList<>();
    private final List<Load> loads = new CopyOnWriteArrayList<>();
    private volatile boolean sampling = true;
    private final AtomicBoolean stopped = new AtomicBoolean();

    Campaign(Options options) {
        this.options = options;
        this.random = new Random(options.seed());
        this.lab = new Lab(options.lab(), options.nodes());
        this.groups = Group.of(lab.hosts());
        this.spawner = new Spawner(options.work());
        this.addresses = new AddressWatch(groups.stream().map(Group::vip).collect(Collectors.toSet()));
    }

    Outcome run() throws IOException {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopEverything, "chaos-stop"));
        NodeJar nodeJar = new NodeJar(options.dist().resolve("target/node.jar"), options.work().resolve("bundles"));
        List<String> eventTypes = nodeJar.eventTypes();
        Map<String, Path> jars = Map.of("netif", nodeJar.extract("org.ipfailover.netif-"), "actions-shell",
                nodeJar.extract("org.ipfailover.actions.shell-"));
        String key = HexFormat.of().formatHex(randomBytes(32));
        mail.start();
        addresses.start(lab, spawner, options.work());
        for (String host : lab.hosts()) {
            NodeHome home = new NodeHome(host, options.work().resolve(host), groups);
            home.write(key, eventTypes);
            daemons.put(host, new Daemon(host, home, lab, options.dist(), spawner));
            spawner.start(List.of("ip", "netns", "exec", lab.namespace(host), "java", "-Xmx32m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-cp", options.dist().resolve("target/classes").toString(), "org.ipfailover.run.lab.UdpEcho",
                    host, Integer.toString(ProbeWatch.ECHO_PORT)), Map.of(), options.work().resolve("echo-" + host + ".out"));
        }
        long probeMillis = (options.durationSeconds() + 900L) * 1000;
        for (Group group : groups) {
            ProbeWatch probe = new ProbeWatch(group.vip());
            probe.start(lab, spawner, options.dist(), options.work(), probeMillis);
            probes.put(group.vip(), probe);
        }
        daemons.values().forEach(Daemon::start);
        long started = Clock.nowMicros();
        status.start(List.copyOf(daemons.values()));
        Steadiness steadiness = new Steadiness(lab.hosts(), groups, daemons, status, addresses, probes,
                host -> lab.cableIn(host, "eth0") && lab.cableIn(host, "eth1"));
        startBackground();
        Log.say("nodes " + String.join(", ", lab.hosts()) + " started; groups " + groups.stream()
                .map(g -> g.name() + " " + g.vip() + " (" + String.join(", ", g.nodes()) + ")").collect(Collectors.joining(", ")));
        if (!steadiness.settle(90_000)) {
            throw new IllegalStateException("the lab did not reach its steady state within 90 s (every group UP on its primary, "
                    + "the others STANDBY, the client answered by the primary); see the nodes' logs with --keep");
        }
        Log.say("steady state: every group on its primary; faults for " + options.durationSeconds() + " s, seed " + options.seed());

        Random forgerRandom = new Random(random.nextLong());
        long start = Clock.nowMicros();
        long deadline = start + options.durationSeconds() * 1_000_000L;
        try (BeatForger forger = new BeatForger(forgerRandom)) {
            Injector injector = new Injector(lab, daemons, groups, random, addresses, snapshots, forger, jars);
            lab.hosts().forEach(host -> injector.lifecycle().add(new Injector.Lifecycle(host, started, "started")));
            List<FaultKind> bag = bag();
            while (Clock.nowMicros() < deadline) {
                FaultKind kind = bag.get(random.nextInt(bag.size()));
                String target = injector.pickHost();
                if (!steadiness.awaitAnotherReady(target, SETTLE_MILLIS)) {
                    incident("no node besides " + target + " ready to take over within " + SETTLE_MILLIS / 1000 + " s: " + steadiness.describe());
                }
                Fault fault = injector.inject(faults.size() + 1, kind, target);
                if (!faults.isEmpty()) {
                    faults.get(faults.size() - 1).windowEndMicros = fault.startMicros;
                }
                faults.add(fault);
                if (random.nextDouble() < SETTLED_START) {
                    long pause = 200 + random.nextInt(2800);
                    if (!steadiness.settle(SETTLE_MILLIS)) {
                        incident("no steady state within " + SETTLE_MILLIS / 1000 + " s after " + fault.describe() + ": " + steadiness.describe());
                    }
                    Clock.sleepMillis(pause);
                } else {
                    Clock.sleepMillis(100 + random.nextInt(1400));
                }
            }
            boolean settled = steadiness.settle(60_000);
            long cut = Clock.nowMicros();
            if (!faults.isEmpty()) {
                faults.get(faults.size() - 1).windowEndMicros = cut;
            }
            if (!settled) {
                incident("no steady state within 60 s after the last fault: " + steadiness.describe());
            }
            Log.say("faults over; waiting for the mail to be delivered");
            drainMail();
            List<String> subjects = mail.subjects();
            daemons.values().forEach(snapshots::take);
            sampling = false;
            status.stop();
            Map<String, Path> logs = new HashMap<>();
            daemons.forEach((host, daemon) -> logs.put(host, daemon.home().log()));
            return new Outcome(options, lab, groups, start, cut, List.copyOf(faults), addresses.changes(), lab.timeline(),
                    probes.values().stream().collect(Collectors.toMap(ProbeWatch::vip, ProbeWatch::answers)), status.episodes(),
                    history.events(), subjects, injector.lifecycle(), injector.pauses(), logs, List.copyOf(incidents), List.copyOf(loads));
        }
    }

    private void incident(String text) {
        incidents.add(Clock.time(Clock.nowMicros()) + " " + text);
        Log.say("INCIDENT: " + text);
    }

    /** Until every outbox is empty and no mail came for 3 s, at most 90 s. */
    private void drainMail() {
        long deadline = System.currentTimeMillis() + 90_000;
        int count = -1;
        long quietSince = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            int now = mail.count();
            if (now != count) {
                count = now;
                quietSince = System.currentTimeMillis();
            }
            if (outboxesEmpty() && System.currentTimeMillis() - quietSince >= 3000) {
                return;
            }
            Clock.sleepMillis(250);
        }
        incident("mail still waiting in an outbox 90 s after the last fault");
    }

    private boolean outboxesEmpty() {
        for (Daemon daemon : daemons.values()) {
            Path outbox = daemon.home().outbox();
            if (Files.isDirectory(outbox)) {
                try (var files = Files.list(outbox)) {
                    if (files.anyMatch(f -> f.getFileName().toString().endsWith(".mail"))) {
                        return false;
                    }
                } catch (IOException e) {
                    return false;
                }
            }
        }
        return true;
    }

    private void startBackground() {
        Thread background = new Thread(() -> {
            long next = 0;
            while (sampling) {
                if (System.currentTimeMillis() >= next) {
                    next = System.currentTimeMillis() + 10_000;
                    loads.add(new Load(Clock.nowMicros(), loadAverage()));
                }
                daemons.values().forEach(snapshots::take);
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "history-and-load");
        background.setDaemon(true);
        background.start();
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private List<FaultKind> bag() {
        List<FaultKind> bag = new ArrayList<>();
        for (FaultKind kind : options.faults()) {
            for (int i = 0; i < kind.weight(); i++) {
                bag.add(kind);
            }
        }
        return bag;
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    void stopEverything() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        sampling = false;
        status.stop();
        spawner.stopAll();
        mail.stop();
        daemons.values().forEach(Daemon::close);
    }

    /** The machine's load average over one minute, sampled at the time. */
    record Load(long micros, double value) {
        /** @return the highest sample within 10 s either side of the time, or -1 */
        static double around(List<Load> loads, long micros) {
            return loads.stream().filter(l -> Math.abs(l.micros() - micros) <= 10_000_000).mapToDouble(Load::value).max().orElse(-1);
        }
    }

    /** What the campaign saw, for the verdicts. */
    record Outcome(Options options, Lab lab, List<Group> groups, long startMicros, long endMicros, List<Fault> faults,
            List<AddressWatch.Change> addressChanges, List<Lab.LinkChange> links, Map<String, List<ProbeWatch.Answer>> answers,
            List<StatusWatch.Episode> episodes, Map<EventKey, Integer> events, List<String> mails, List<Injector.Lifecycle> lifecycle,
            List<Injector.Pause> pauses, Map<String, Path> logs, List<String> incidents, List<Load> loads) {
    }
}
