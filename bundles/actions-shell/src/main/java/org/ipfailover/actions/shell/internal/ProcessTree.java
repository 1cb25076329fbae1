package org.ipfailover.actions.shell.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/** Kills a process and every process it started, so that no forked child outlives a timeout. */
final class ProcessTree {
    private ProcessTree() {
    }

    /** @return how many processes below the root were killed */
    static int kill(ProcessHandle root) {
        Set<Long> seen = new HashSet<>();
        Deque<ProcessHandle> pending = new ArrayDeque<>();
        pending.push(root);
        int killed = 0;
        while (!pending.isEmpty()) {
            ProcessHandle process = pending.pop();
            if (!seen.add(process.pid())) {
                continue;
            }
            // listed before the kill: once a parent is gone its children belong to init and are no longer its descendants
            process.descendants().forEach(pending::push);
            if (process.destroyForcibly() && process.pid() != root.pid()) {
                killed++;
            }
        }
        return killed;
    }
}
