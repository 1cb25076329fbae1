package org.ipfailover.netif.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.ipfailover.process.internal.RunningCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether an {@code ip monitor} process listens, as /proc shows it. It subscribes its rtnetlink
 * socket to notifications first, but loses those that come while it reads the interface names
 * through that socket; then it waits in recvmsg on it. So it listens once it is blocked in a system
 * call on a subscribed rtnetlink socket. Where /proc does not show the system call (it takes
 * ptrace rights), the subscription is all there is to go by, and where it does not show the
 * sockets either, nothing is.
 */
final class NetlinkListening {
    static final Path PROC = Path.of("/proc");
    private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");
    private static final String NETLINK_ROUTE = "0";
    private static final int ETH = 1;
    private static final int GROUPS = 3;
    private static final int INODE = 9;
    private static final long POLL_MILLIS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(NetlinkListening.class);

    private NetlinkListening() {
    }

    /**
     * Waits until a monitor listens, or runs and has not been seen to listen within {@code wait}.
     *
     * @return whether it runs (and listens, as far as /proc shows); false when it ended first
     * @throws InterruptedException when the calling thread is interrupted
     */
    static boolean await(RunningCommand monitor, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!monitor.result().isDone()) {
            if (listens(PROC, monitor.pid())) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                LOG.debug("/proc does not show whether process {} listens to rtnetlink: going on without", monitor.pid());
                return true;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return false;
    }

    /**
     * @return whether process {@code pid} listens to rtnetlink notifications, or runs and /proc does not
     *         show this process's sockets; false when it is gone
     */
    static boolean listens(Path proc, long pid) {
        Path process = proc.resolve(Long.toString(pid));
        try {
            Set<Integer> subscribed = subscribedSockets(process);
            if (subscribed.isEmpty()) {
                return false;
            }
            String[] call;
            try {
                call = Files.readString(process.resolve("syscall")).strip().split("\\s+");
            } catch (AccessDeniedException cannotTell) {
                return Files.isDirectory(process);
            }
            return call.length > 1 && call[0].matches("\\d+") && call[1].startsWith("0x")
                    && subscribed.contains(Integer.parseInt(call[1].substring(2), 16));
        } catch (AccessDeniedException cannotTell) {
            return Files.isDirectory(process);
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    /** @return the descriptors of the process's rtnetlink sockets that receive notifications */
    private static Set<Integer> subscribedSockets(Path process) throws IOException {
        Map<String, Integer> sockets = new HashMap<>();
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path descriptor : descriptors) {
                Matcher socket = SOCKET.matcher(readLink(descriptor));
                if (socket.matches()) {
                    sockets.put(socket.group(1), Integer.parseInt(descriptor.getFileName().toString()));
                }
            }
        }
        List<String> table = Files.readAllLines(process.resolve("net").resolve("netlink"));
        return table.stream().skip(1).map(row -> row.strip().split("\\s+")).filter(row -> row.length > INODE)
                .filter(row -> row[ETH].equals(NETLINK_ROUTE) && !row[GROUPS].matches("0+") && sockets.containsKey(row[INODE]))
                .map(row -> sockets.get(row[INODE])).collect(Collectors.toSet());
    }

    private static String readLink(Path descriptor) {
        try {
            return Files.readSymbolicLink(descriptor).toString();
        } catch (IOException closedMeanwhile) {
            return "";
        }
    }
}
