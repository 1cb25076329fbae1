package org.ipfailover.bench.chaos;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Injects one fault of a kind and heals it; returns when it has healed. */
final class Injector {
    /** A node was stopped (SIGKILL, or SIGTERM when clean) or started at that time: events close to it may not be mailed. */
    record Lifecycle(String host, long micros, String what) {
    }

    /** A node was paused (SIGSTOP) over the time. */
    record Pause(String host, long fromMicros, long toMicros) {
    }

    private final Lab lab;
    private final Map<String, Daemon> daemons;
    private final List<Group> groups;
    private final Random random;
    private final AddressWatch addresses;
    private final Campaign.Snapshots snapshots;
    private final BeatForger forger;
    private final Map<String, Path> bundleJars;
    private final List<Lifecycle> lifecycle = new ArrayList<>();
    private final List<Pause> pauses = new ArrayList<>();

    Injector(Lab lab, Map<String, Daemon> daemons, List<Group> groups, Random random, AddressWatch addresses,
            Campaign.Snapshots snapshots, BeatForger forger, Map<String, Path> bundleJars) {
        this.lab = lab;
        this.daemons = daemons;
        this.groups = groups;
        this.random = random;
        this.addresses = addresses;
        this.snapshots = snapshots;
        this.forger = forger;
        this.bundleJars = bundleJars;
    }

    List<Lifecycle> lifecycle() {
        return lifecycle;
    }

    List<Pause> pauses() {
        return pauses;
    }

    void started(Daemon daemon) {
        lifecycle.add(new Lifecycle(daemon.host(), Clock.nowMicros(), "started"));
        daemon.start();
    }

    String pickHost() {
        return pick(lab.hosts());
    }

    Fault inject(int number, FaultKind kind, String host) {
        Fault fault = switch (kind) {
            case CRASH -> crash(new Fault(number, kind, host), 0);
            case KILL -> kill(new Fault(number, kind, host));
            case PAUSE -> pause(new Fault(number, kind, host));
            case RESTART -> restart(new Fault(number, kind, host));
            case PUBLIC -> cable(new Fault(number, kind, host + " eth0"), host, List.of("eth0"), between(500, 5000));
            case PRIVATE -> cable(new Fault(number, kind, host + " eth1"), host, List.of("eth1"), between(500, 5000));
            case FLAP -> {
                String device = random.nextBoolean() ? "eth0" : "eth1";
                yield cable(new Fault(number, kind, host + " " + device), host, List.of(device), between(100, 600));
            }
            case PARTITION -> cable(new Fault(number, kind, host + " eth0+eth1"), host, List.of("eth0", "eth1"), between(1000, 6000));
            case ONE_WAY -> oneWay(number, host);
            case CONFIG_TOUCH -> configTouch(new Fault(number, kind, host));
            case CONFIG_CHANGE -> configChange(new Fault(number, kind, "every node"));
            case CONFIG_BROKEN -> configBroken(new Fault(number, kind, host));
            case UPDATE -> update(new Fault(number, kind, host));
            case FORGED -> forged(new Fault(number, kind, host));
            case FORGED_CRASH -> crash(new Fault(number, kind, host), between(500, 1000));
        };
        Log.say("fault " + fault.describe() + ": " + (fault.healMicros - fault.startMicros) / 1000 + " ms");
        return fault;
    }

    private Fault crash(Fault fault, long forgeFirst) {
        Daemon daemon = daemons.get(fault.target);
        long hold = between(1000, 5000);
        Thread forging = null;
        fault.startMicros = Clock.nowMicros();
        if (forgeFirst > 0) {
            long forgeAfter = between(2000, 6000);
            hold = forgeAfter;
            forging = new Thread(() -> forger.forge(fault.target, groups, forgeFirst + forgeAfter), "forger");
            forging.setDaemon(true);
            forging.start();
            Clock.sleepMillis(forgeFirst);
            fault.detail = "forged beats from " + (forgeFirst) + " ms before the crash";
        }
        snapshots.take(daemon);
        lifecycle.add(new Lifecycle(fault.target, Clock.nowMicros(), "SIGKILLed"));
        daemon.kill();
        lab.cable(fault.target, "eth0", false);
        lab.cable(fault.target, "eth1", false);
        Clock.sleepMillis(hold);
        if (forging != null) {
            join(forging);
        }
        for (Group group : groups) {
            lab.removeAddress(fault.target, group.vip());
        }
        lab.cable(fault.target, "eth0", true);
        lab.cable(fault.target, "eth1", true);
        started(daemon);
        fault.healMicros = Clock.nowMicros();
        fault.detail += (fault.detail.isEmpty() ? "" : ", ") + "down " + hold + " ms";
        return fault;
    }

    private Fault kill(Fault fault) {
        Daemon daemon = daemons.get(fault.target);
        snapshots.take(daemon);
        fault.startMicros = Clock.nowMicros();
        lifecycle.add(new Lifecycle(fault.target, fault.startMicros, "SIGKILLed"));
        daemon.kill();
        long hold = between(500, 4000);
        Clock.sleepMillis(hold);
        started(daemon);
        fault.healMicros = Clock.nowMicros();
        fault.detail = "down " + hold + " ms";
        return fault;
    }

    private Fault pause(Fault fault) {
        Daemon daemon = daemons.get(fault.target);
        long hold = between(200, 3000);
        fault.startMicros = Clock.nowMicros();
        daemon.pause();
        Clock.sleepMillis(hold);
        daemon.resume();
        fault.healMicros = Clock.nowMicros();
        pauses.add(new Pause(fault.target, fault.startMicros, fault.healMicros));
        fault.detail = hold + " ms";
        return fault;
    }

    private Fault restart(Fault fault) {
        Daemon daemon = daemons.get(fault.target);
        snapshots.take(daemon);
        fault.startMicros = Clock.nowMicros();
        lifecycle.add(new Lifecycle(fault.target, fault.startMicros, "stopped (SIGTERM)"));
        boolean clean = daemon.stop();
        long stopped = Clock.nowMicros();
        started(daemon);
        fault.healMicros = Clock.nowMicros();
        fault.detail = "stopped in " + (stopped - fault.startMicros) / 1000 + " ms" + (clean ? "" : ", KILLED after 20 s");
        return fault;
    }

    private Fault cable(Fault fault, String host, List<String> devices, long hold) {
        fault.startMicros = Clock.nowMicros();
        if (devices.contains("eth0")) {
            for (Group group : groups) {
                if (addresses.holds(host, group.vip()) && lab.cableIn(host, "eth0")) {
                    fault.unreachable.add(group.vip());
                }
            }
        }
        fault.partition = devices.size() == 2;
        for (String device : devices) {
            lab.cable(host, device, false);
        }
        Clock.sleepMillis(hold);
        for (String device : devices) {
            lab.cable(host, device, true);
        }
        fault.healMicros = Clock.nowMicros();
        fault.detail = hold + " ms";
        if (fault.partition) {
            fault.unreachable.clear();
        }
        return fault;
    }

    private Fault oneWay(int number, String from) {
        List<String> others = new ArrayList<>(lab.hosts());
        others.remove(from);
        String to = pick(others);
        int which = random.nextInt(3);
        List<String> devices = which == 0 ? List.of("eth0") : which == 1 ? List.of("eth1") : List.of("eth0", "eth1");
        Fault fault = new Fault(number, FaultKind.ONE_WAY, from + "->" + to + " " + (which == 2 ? "both networks" : Lab.segment(devices.get(0))));
        long hold = between(1000, 6000);
        fault.partition = devices.size() == 2;
        fault.startMicros = Clock.nowMicros();
        for (String device : devices) {
            lab.dropOneWay(from, to, device);
        }
        Clock.sleepMillis(hold);
        for (String device : devices) {
            lab.clearDrops(device);
        }
        fault.healMicros = Clock.nowMicros();
        fault.detail = hold + " ms";
        return fault;
    }

    private Fault configTouch(Fault fault) {
        Group group = pick(groups);
        NodeHome home = daemons.get(fault.target).home();
        fault.startMicros = Clock.nowMicros();
        home.rewriteInPlace(group);
        home.touch(group);
        fault.healMicros = Clock.nowMicros();
        fault.detail = group.fileName();
        return fault;
    }

    private Fault configChange(Fault fault) {
        fault.startMicros = Clock.nowMicros();
        int value = 0;
        for (String host : lab.hosts()) {
            value = daemons.get(host).home().toggleFailbackDelay();
            Clock.sleepMillis(between(0, 300));
        }
        fault.healMicros = Clock.nowMicros();
        fault.detail = "failbackDelay " + value;
        return fault;
    }

    private Fault configBroken(Fault fault) {
        Group group = pick(groups);
        boolean missingInterface = random.nextBoolean();
        NodeHome home = daemons.get(fault.target).home();
        long hold = between(2000, 8000);
        fault.startMicros = Clock.nowMicros();
        home.breakFile(group, missingInterface);
        Clock.sleepMillis(hold);
        home.restore(group);
        fault.healMicros = Clock.nowMicros();
        fault.detail = group.fileName() + ": " + (missingInterface ? "VIP on eth7" : "vips misspelt vipz") + ", reverted after " + hold + " ms";
        return fault;
    }

    private Fault update(Fault fault) {
        Daemon daemon = daemons.get(fault.target);
        String bundle = random.nextBoolean() ? "netif" : "actions-shell";
        fault.startMicros = Clock.nowMicros();
        String id = bundleId(daemon, "ipfailover " + bundle + " ");
        String result = id == null ? null : daemon.ctl("update " + id + " " + bundleJars.get(bundle).toUri(), 15_000);
        fault.healMicros = Clock.nowMicros();
        fault.detail = bundle + (id == null ? ": bundle id not found (node not answering)"
                : result == null ? " [" + id + "]: the command failed or timed out" : " [" + id + "]");
        return fault;
    }

    private static String bundleId(Daemon daemon, String name) {
        String list = daemon.ctl("lb", 5000);
        if (list == null) {
            return null;
        }
        for (String line : list.lines().toList()) {
            String[] cells = line.split("\\|");
            if (cells.length >= 4 && cells[3].startsWith(name)) {
                return cells[0].trim();
            }
        }
        return null;
    }

    private Fault forged(Fault fault) {
        long hold = between(2000, 6000);
        fault.startMicros = Clock.nowMicros();
        forger.forge(fault.target, groups, hold);
        fault.healMicros = Clock.nowMicros();
        fault.detail = hold + " ms";
        return fault;
    }

    private long between(long min, long max) {
        return min + (long) (random.nextDouble() * (max - min));
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private static void join(Thread thread) {
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Campaign.Stopped();
        }
    }
}
