package org.ipfailover.process.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Ends a process and every process it started, so that no forked child outlives a timeout: TERM
 * to each, the deepest first and the root last, and KILL to those still there after a grace.
 */
final class ProcessTree {
    /** How long the processes have to end on TERM, e.g. to remove their temporary files, before KILL. */
    static final Duration GRACE = Duration.ofMillis(500);
    private static final long POLL_MILLIS = 10;

    private ProcessTree() {
    }

    /** @return how many processes below the root there were to end */
    static int kill(ProcessHandle root, Duration grace) {
        Map<Long, ProcessHandle> below = new LinkedHashMap<>();
        List<ProcessHandle> tree = deepestFirst(root, below);
        tree.forEach(ProcessHandle::destroy);
        if (!awaitEnd(tree, grace)) {
            // those the root started meanwhile too, while it still runs
            List<ProcessHandle> rest = deepestFirst(root, below);
            signal(rest, ProcessHandle::destroyForcibly);
        }
        return below.size();
    }

    /**
     * Lists the tree before any signal: once a parent is gone its children belong to init and are
     * no longer its descendants. Those listed before that are gone from the tree now come first.
     */
    private static List<ProcessHandle> deepestFirst(ProcessHandle root, Map<Long, ProcessHandle> below) {
        List<ProcessHandle> now = new ArrayList<>(root.descendants().toList());
        Collections.reverse(now);
        Set<Long> listed = new HashSet<>();
        now.forEach(process -> listed.add(process.pid()));
        List<ProcessHandle> tree = new ArrayList<>();
        below.values().stream().filter(process -> !listed.contains(process.pid())).forEach(tree::add);
        tree.addAll(now);
        now.forEach(process -> below.putIfAbsent(process.pid(), process));
        tree.add(root);
        return tree;
    }

    private static void signal(Collection<ProcessHandle> processes, Consumer<ProcessHandle> signal) {
        processes.stream().filter(ProcessHandle::isAlive).forEach(signal);
    }

    /** @return whether all ended within {@code grace}; false at once when the calling thread is interrupted */
    private static boolean awaitEnd(List<ProcessHandle> processes, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (processes.stream().anyMatch(ProcessTree::running)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** A zombie has ended: only its parent's wait, which may never come, keeps it listed. */
    private static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        try {
            String text = Files.readString(stat);
            int afterName = text.lastIndexOf(')');
            return afterName < 0 || afterName + 2 >= text.length() || text.charAt(afterName + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return process.isAlive();
        }
    }
}
