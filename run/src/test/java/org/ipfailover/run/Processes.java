package org.ipfailover.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** What runs: the processes of one command line in a network namespace (from /proc), a node's threads in a frame (jcmd). */
final class Processes {
    private Processes() {
    }

    /** @return the PIDs in the namespace whose command line is exactly this one */
    static Set<Long> inNamespace(String namespace, List<String> commandLine) throws IOException, InterruptedException {
        Process pids = new ProcessBuilder("ip", "netns", "pids", namespace).redirectErrorStream(true).start();
        String out = new String(pids.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        pids.waitFor();
        String wanted = String.join("\0", commandLine) + "\0";
        Set<Long> found = new HashSet<>();
        for (String pid : out.split("\\s+")) {
            if (!pid.matches("\\d+")) {
                continue;
            }
            try {
                if (Files.readString(Path.of("/proc", pid, "cmdline"), StandardCharsets.UTF_8).equals(wanted)) {
                    found.add(Long.parseLong(pid));
                }
            } catch (IOException ended) {
                // gone meanwhile
            }
        }
        return found;
    }

    /** For waits: false also when the namespace could not be looked at. */
    static boolean noneInNamespace(String namespace, List<String> commandLine) {
        try {
            return inNamespace(namespace, commandLine).isEmpty();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return how many of the node's threads have the frame in their stack, from {@code jcmd <pid> Thread.print} */
    static int threadsIn(NodeProcess node, String frame) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process dump = new ProcessBuilder(jcmd.toString(), String.valueOf(node.pid()), "Thread.print").redirectErrorStream(true).start();
        String out = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!dump.waitFor(30, TimeUnit.SECONDS) || dump.exitValue() != 0) {
            throw new IOException("jcmd " + node.pid() + " Thread.print failed: " + out);
        }
        int threads = 0;
        for (String thread : out.split("\n\n")) {
            if (thread.contains(frame)) {
                threads++;
            }
        }
        return threads;
    }

    /** For waits: -1 when the node could not be asked. */
    static int threadsInOrMinusOne(NodeProcess node, String frame) {
        try {
            return threadsIn(node, frame);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
