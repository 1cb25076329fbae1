package org.ipfailover.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A lab whose group is UP on pri, watched while bundles are swapped in pri's node: the client's
 * probe (who answers the VIP, every 10 ms, and pri's own address as a control, see
 * {@link PairedProbe}) and {@code ip -ts monitor address} on pri and sec. Each swap is measured over
 * its window, from just before it until a settle time after it took effect.
 */
final class HotSwapRig implements AutoCloseable {
    static final Duration SETTLE = Duration.ofSeconds(20);
    static final Duration FILEINSTALL = Duration.ofSeconds(20);
    static final long QUIET_AFTER_MILLIS = 1000;
    static final long MAX_SILENCE_MILLIS = 100;
    static final long STALL_SLACK_MILLIS = 20;
    static final String PRI_OWN_ADDRESS = "198.51.100.1";

    /**
     * What the client and the kernels saw while one swap happened. {@code controlMillis} is how long
     * pri's own address (same host, same echo service, a second probe) was silent during the VIP's
     * longest silence: when both went silent together, the machine stalled (this lab shares two
     * cores with whatever else runs), not the address.
     */
    record Swap(String what, long tookMillis, long silenceMillis, long controlMillis, long answers, List<String> answeredBy,
            List<String> priDeleted, List<String> secAdded) {
        void assertQuiet() {
            assertTrue(priDeleted.isEmpty(), what + ": pri's kernel dropped the VIP: " + priDeleted);
            assertTrue(secAdded.isEmpty(), what + ": the VIP moved to sec: " + secAdded);
            assertTrue(answers > 0 && answeredBy.equals(List.of("pri")), what + ": the VIP was answered by " + answeredBy);
            assertTrue(silenceMillis < MAX_SILENCE_MILLIS || hostStalled(), what + ": the client saw a silence of " + silenceMillis
                    + " ms on the VIP while pri's own address was silent for only " + controlMillis + " ms of it");
        }

        boolean hostStalled() {
            return controlMillis >= silenceMillis - STALL_SLACK_MILLIS;
        }

        @Override
        public String toString() {
            return String.format("%-48s took %5d ms, longest silence %3d ms%s over %5d answers (all from %s), VIP deleted on pri: %d, added on sec: %d",
                    what, tookMillis, silenceMillis, silenceMillis >= MAX_SILENCE_MILLIS && hostStalled()
                            ? " (pri's own address silent " + controlMillis + " ms of it too: the host stalled)" : "",
                    answers, answeredBy, priDeleted.size(), secAdded.size());
        }
    }

    interface Step {
        void run() throws Exception;
    }

    interface Prepare {
        void run(NetnsLab lab) throws Exception;
    }

    final NetnsLab lab;
    final NodeProcess pri;
    final PairedProbe probe;
    private final AddressMonitor priMonitor;
    private final AddressMonitor secMonitor;
    private final List<Swap> swaps = new ArrayList<>();

    private HotSwapRig(NetnsLab lab, PairedProbe probe, AddressMonitor priMonitor, AddressMonitor secMonitor) {
        this.lab = lab;
        this.pri = lab.node("pri");
        this.probe = probe;
        this.priMonitor = priMonitor;
        this.secMonitor = secMonitor;
    }

    /** pri UP, sec STANDBY, the client answered by pri, the monitors running; {@code prepare} writes pri's files before it starts. */
    static HotSwapRig start(Path root, Duration probeFor, Prepare prepare) throws Exception {
        NetnsLab lab = new NetnsLab(root, "failbackDelay = 500\n", false);
        try {
            prepare.run(lab);
            lab.start("pri");
            lab.start("sec"); // pri beats from the moment its control socket is there: sec always hears it starting
            lab.awaitState("pri", "UP", SETTLE);
            lab.awaitState("sec", "STANDBY", SETTLE);
            PairedProbe probe = PairedProbe.start(lab, root, NetnsLab.VIP, PRI_OWN_ADDRESS, probeFor.toMillis());
            HotSwapRig rig = new HotSwapRig(lab, probe, lab.monitor("pri"), lab.monitor("sec"));
            rig.awaitAnsweredByPri(0);
            return rig;
        } catch (Exception | Error e) {
            lab.close();
            throw e;
        }
    }

    /** Runs the swap, waits until {@code done}, lets {@link #QUIET_AFTER_MILLIS} pass, and measures the window. */
    Swap swap(String what, Step swap, String awaiting, BooleanSupplier done) throws Exception {
        awaitAnsweredByPri(nowMicros() - 300_000);
        long from = nowMicros();
        swap.run();
        try {
            pri.await(awaiting, FILEINSTALL, done);
        } catch (AssertionError e) {
            throw new AssertionError(what + ": " + e.getMessage() + "; pri is " + lab.state("pri") + ", sec is " + lab.state("sec")
                    + "; pri's log ends:\n" + String.join("\n", tail(pri.logLines(), 40)) + "\nsec's log ends:\n"
                    + String.join("\n", tail(lab.node("sec").logLines(), 20)), e);
        }
        long took = (nowMicros() - from) / 1000;
        Thread.sleep(QUIET_AFTER_MILLIS);
        long to = nowMicros();
        List<Probe.Answer> answers = within(probe.answers(NetnsLab.VIP), from, to);
        long[] gap = longestGap(answers, from, to);
        long[] controlGap = longestGap(within(probe.answers(PRI_OWN_ADDRESS), gap[0], gap[1]), gap[0], gap[1]);
        long control = (controlGap[1] - controlGap[0]) / 1000;
        Swap measured = new Swap(what, took, (gap[1] - gap[0]) / 1000, control, answers.size(),
                answers.stream().map(Probe.Answer::host).distinct().sorted().toList(), changes(priMonitor, false, from, to),
                changes(secMonitor, true, from, to));
        swaps.add(measured);
        System.out.println("hot-swap: " + measured);
        return measured;
    }

    /**
     * A transition that runs pri's pipelines: pri releases the group (PRE_RELEASE, POST_RELEASE),
     * sec takes it, pri recovers it (TEST, PRE_ACQUIRE, POST_ACQUIRE).
     */
    void releaseAndRecover() throws Exception {
        long from = nowMicros();
        ctlOk("failover:release", "web");
        lab.awaitState("sec", "UP", SETTLE);
        ctlOk("failover:recover", "web");
        lab.awaitState("pri", "UP", SETTLE);
        lab.awaitState("sec", "STANDBY", SETTLE);
        awaitAnsweredByPri(from);
    }

    NodeProcess.Result ctlOk(String... command) throws IOException, InterruptedException {
        NodeProcess.Result result = pri.ctl(command);
        assertEquals(0, result.status(), String.join(" ", command) + ": " + result.err());
        assertTrue(!result.err().contains("ERROR") && !result.out().contains("ERROR"),
                String.join(" ", command) + ": " + result.out() + result.err());
        return result;
    }

    /** @return pri's row of {@code lb -s} for the bundle, or "" when it is not installed */
    String bundleRow(String symbolicName) {
        try {
            return pri.ctl("lb", "-s").out().lines().filter(l -> l.contains("|" + symbolicName + " (")).findFirst().orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long bundleId(String symbolicName) {
        String row = bundleRow(symbolicName);
        assertTrue(!row.isEmpty(), symbolicName + " is not installed on pri");
        return Long.parseLong(row.split("\\|")[0].trim());
    }

    String bundleVersion(String symbolicName) {
        String row = bundleRow(symbolicName);
        assertTrue(!row.isEmpty(), symbolicName + " is not installed on pri");
        return row.substring(row.lastIndexOf('|') + 1).trim();
    }

    /** @return whether a component of the bundle, at this version, is active (bound by the detector) */
    boolean componentActive(String component, String symbolicName, String version) {
        try {
            List<String> lines = pri.ctl("scr:list").out().lines().toList();
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).startsWith(component + " in bundle") && lines.get(i).contains("(" + symbolicName + ":" + version + ")")) {
                    return lines.get(i + 1).contains("State:ACTIVE");
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long logCount(String text) throws IOException {
        return pri.logLines().stream().filter(l -> l.contains(text)).count();
    }

    void awaitAnsweredByPri(long afterMicros) throws InterruptedException {
        pri.await("cli to be answered by pri", SETTLE, () -> {
            try {
                return probe.answers(NetnsLab.VIP).stream().anyMatch(a -> a.micros() > afterMicros && a.host().equals("pri"));
            } catch (IOException e) {
                return false;
            }
        });
    }

    Path home() {
        return lab.home("pri");
    }

    List<Swap> swaps() {
        return List.copyOf(swaps);
    }

    String summary() {
        long longest = swaps.stream().mapToLong(Swap::silenceMillis).max().orElse(-1);
        StringBuilder text = new StringBuilder("hot-swap summary (client probe every 10 ms; limit " + MAX_SILENCE_MILLIS + " ms):\n");
        swaps.forEach(s -> text.append("  ").append(s).append('\n'));
        return text.append("  longest silence over all swaps: ").append(longest).append(" ms").toString();
    }

    private static List<String> changes(AddressMonitor monitor, boolean added, long from, long to) throws IOException {
        return monitor.changes(NetnsLab.VIP).stream().filter(c -> c.added() == added && c.micros() >= from && c.micros() <= to)
                .map(AddressMonitor.Change::line).toList();
    }

    private static List<Probe.Answer> within(List<Probe.Answer> answers, long from, long to) {
        return answers.stream().filter(a -> a.micros() > from && a.micros() <= to).toList();
    }

    /** @return the start and end of the longest stretch without an answer, in microseconds */
    private static long[] longestGap(List<Probe.Answer> answers, long from, long to) {
        long[] longest = {from, from};
        long previous = from;
        for (Probe.Answer answer : answers) {
            if (answer.micros() - previous > longest[1] - longest[0]) {
                longest = new long[] {previous, answer.micros()};
            }
            previous = answer.micros();
        }
        return to - previous > longest[1] - longest[0] ? new long[] {previous, to} : longest;
    }

    private static List<String> tail(List<String> lines, int count) {
        return lines.subList(Math.max(0, lines.size() - count), lines.size());
    }

    static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    @Override
    public void close() throws Exception {
        System.out.println(summary());
        probe.stop();
        lab.close();
    }
}
