package org.ipfailover.netif.internal;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.ipfailover.api.BackendException;
import org.ipfailover.threads.internal.Threads;

/**
 * Runs a task in a named network namespace (one {@code ip netns add} made, under /var/run/netns):
 * on a thread of its own that joins the namespace and ends with the task, so that no thread of
 * the node is left in another namespace. A socket the task opens stays in that namespace.
 */
final class InNamespace {
    static final String NETNS_DIRECTORY = "/var/run/netns/";

    private InNamespace() {
    }

    /** @param namespace a name under /var/run/netns, or "" for the node's own namespace, where the task runs on the calling thread */
    static <T> T call(String namespace, Callable<T> task) throws BackendException {
        if (namespace.isEmpty()) {
            return callHere(task);
        }
        if (namespace.contains("/") || namespace.equals(".") || namespace.equals("..")) {
            throw new BackendException("network namespace " + namespace + ": not a name under " + NETNS_DIRECTORY);
        }
        FutureTask<T> joined = new FutureTask<>(() -> {
            join(namespace);
            return task.call();
        });
        Thread thread = Threads.daemon("ipfailover-netif-netns-" + namespace, joined);
        thread.start();
        try {
            return joined.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BackendException failed) {
                throw failed;
            }
            if (e.getCause() instanceof LinkageError missing) {
                throw missing;
            }
            throw new BackendException("in network namespace " + namespace + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while entering network namespace " + namespace, e);
        }
    }

    /**
     * @return what tells this namespace from another made under the same name later (the inode of
     *         its file), or null when there is no such namespace now
     */
    static Object identity(String namespace) {
        try {
            return Files.getAttribute(Path.of(NETNS_DIRECTORY, namespace), "unix:ino");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    private static <T> T callHere(Callable<T> task) throws BackendException {
        try {
            return task.call();
        } catch (BackendException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new BackendException(e.getMessage(), e);
        }
    }

    private static void join(String namespace) throws BackendException {
        String path = NETNS_DIRECTORY + namespace;
        int fd;
        try {
            fd = Libc.C.open(path, Libc.O_RDONLY | Libc.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new BackendException(e.getErrorCode() == Libc.ENOENT
                    ? "network namespace " + namespace + " does not exist (no " + path + ")"
                    : "opening network namespace " + path + ": " + Libc.describe(e), e);
        }
        try {
            Libc.C.setns(fd, Libc.CLONE_NEWNET);
        } catch (LastErrorException e) {
            throw new BackendException("entering network namespace " + namespace + ": " + Libc.describe(e)
                    + (e.getErrorCode() == Libc.EPERM ? ": it takes CAP_SYS_ADMIN" : ""), e);
        } finally {
            Libc.C.close(fd);
        }
    }
}
