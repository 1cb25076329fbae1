package org.ipfailover.netif.internal;

import com.sun.jna.LastErrorException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.ipfailover.threads.internal.Threads;

/**
 * An rtnetlink socket, made in the node's own network namespace or in a named one: it stays in the
 * namespace it was made in, whatever thread uses it later. Requests are answered one at a time.
 */
final class NetlinkSocket implements AutoCloseable {
    private static final int BUFFER = 1 << 16;
    private final int fd;
    private final byte[] received = new byte[BUFFER];
    private int sequence;
    private volatile boolean closed;

    private NetlinkSocket(int fd) {
        this.fd = fd;
    }

    /**
     * @param namespace a named network namespace (ip netns), or empty for the node's own
     * @param groups the multicast groups to receive notifications of (RTMGRP_* bits); 0 for none
     * @param timeout how long a request may wait for its answer; zero for no limit
     */
    static NetlinkSocket open(String namespace, int groups, Duration timeout) throws NetlinkException {
        int fd = namespace.isEmpty() ? socket() : socketIn(namespace);
        try {
            byte[] address = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder())
                    .putShort((short) Libc.AF_NETLINK).putShort((short) 0).putInt(0).putInt(groups).array();
            Libc.C.bind(fd, address, address.length);
            Libc.C.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, integer(1 << 20), 4);
            extendedAcknowledgements(fd);
            if (!timeout.isZero()) {
                byte[] timeval = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder())
                        .putLong(timeout.toSeconds()).putLong(timeout.toMillisPart() * 1000L).array();
                Libc.C.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, timeval, timeval.length);
            }
        } catch (LastErrorException e) {
            Libc.C.close(fd);
            throw new NetlinkException("cannot set up an rtnetlink socket: " + Libc.C.strerror(e.getErrorCode()), e.getErrorCode());
        }
        return new NetlinkSocket(fd);
    }

    /** Asks for the kernel's own words on a refusal, without the request echoed; a kernel that cannot is left as it is. */
    private static void extendedAcknowledgements(int fd) {
        for (int option : new int[] {Libc.NETLINK_CAP_ACK, Libc.NETLINK_EXT_ACK}) {
            try {
                Libc.C.setsockopt(fd, Libc.SOL_NETLINK, option, integer(1), 4);
            } catch (LastErrorException olderKernel) {
                // the errno alone, then
            }
        }
    }

    private static int socket() throws NetlinkException {
        try {
            return Libc.C.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Libc.NETLINK_ROUTE);
        } catch (LastErrorException e) {
            throw new NetlinkException("cannot open an rtnetlink socket: " + Libc.C.strerror(e.getErrorCode()), e.getErrorCode());
        } catch (LinkageError e) {
            throw new NetlinkException("cannot call libc through JNA: " + e, 0);
        }
    }

    /** On a thread of its own that enters the namespace and ends there: no thread of the node ever changes namespace. */
    private static int socketIn(String namespace) throws NetlinkException {
        CompletableFuture<Integer> made = new CompletableFuture<>();
        Thread thread = Threads.daemon("ipfailover-netns-" + namespace, () -> {
            int target;
            try {
                target = Libc.C.open("/var/run/netns/" + namespace, Libc.O_RDONLY | Libc.O_CLOEXEC);
            } catch (LastErrorException e) {
                made.completeExceptionally(new NetlinkException("cannot open network namespace " + namespace + " (/var/run/netns/"
                        + namespace + "): " + Libc.C.strerror(e.getErrorCode()), e.getErrorCode()));
                return;
            } catch (Throwable e) {
                made.completeExceptionally(new NetlinkException("cannot call libc through JNA: " + e, 0));
                return;
            }
            try {
                Libc.C.setns(target, Libc.CLONE_NEWNET);
                made.complete(socket());
            } catch (LastErrorException e) {
                made.completeExceptionally(new NetlinkException("cannot enter network namespace " + namespace + ": "
                        + Libc.C.strerror(e.getErrorCode()), e.getErrorCode()));
            } catch (NetlinkException e) {
                made.completeExceptionally(e);
            } finally {
                Libc.C.close(target);
            }
        });
        thread.start();
        try {
            return made.get();
        } catch (ExecutionException e) {
            throw (NetlinkException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            made.thenAccept(Libc.C::close);
            throw new NetlinkException("interrupted while entering network namespace " + namespace, Libc.EINTR);
        }
    }

    int fd() {
        return fd;
    }

    /** Sends a request with NLM_F_ACK and waits for its acknowledgement. */
    synchronized void acknowledged(Netlink.Request request) throws NetlinkException {
        int sent = send(request);
        for (;;) {
            for (Netlink.Message message : receive()) {
                if (message.sequence() == sent && message.type() == Netlink.NLMSG_ERROR) {
                    if (message.error() != 0) {
                        throw NetlinkException.answered(message);
                    }
                    return;
                }
            }
        }
    }

    /** Sends a request (a dump, or a get that the kernel answers with one message) and collects its answer. */
    synchronized List<Netlink.Message> dump(Netlink.Request request) throws NetlinkException {
        int sent = send(request);
        List<Netlink.Message> answer = new ArrayList<>();
        for (;;) {
            for (Netlink.Message message : receive()) {
                if (message.sequence() != sent) {
                    continue;
                }
                if (message.type() == Netlink.NLMSG_ERROR) {
                    if (message.error() != 0) {
                        throw NetlinkException.answered(message);
                    }
                    return answer;
                }
                if (message.type() == Netlink.NLMSG_DONE) {
                    return answer;
                }
                answer.add(message);
                if ((message.flags() & Netlink.NLM_F_MULTI) == 0) {
                    return answer;
                }
            }
        }
    }

    /** @return the sequence number the request went out with */
    synchronized int send(Netlink.Request request) throws NetlinkException {
        int number = ++sequence;
        byte[] bytes = request.bytes(number);
        try {
            Libc.C.send(fd, bytes, bytes.length, 0);
        } catch (LastErrorException e) {
            throw new NetlinkException("cannot send to rtnetlink: " + Libc.C.strerror(e.getErrorCode()), e.getErrorCode());
        }
        return number;
    }

    /** @return the messages of one datagram; copies, so that the next receive does not change them */
    List<Netlink.Message> receive() throws NetlinkException {
        for (;;) {
            try {
                int length = (int) Libc.C.recv(fd, received, received.length, 0);
                return Netlink.parse(received.clone(), length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Libc.EINTR) {
                    continue;
                }
                String why = e.getErrorCode() == Libc.EAGAIN ? "the kernel did not answer in time"
                        : Libc.C.strerror(e.getErrorCode());
                throw new NetlinkException("cannot receive from rtnetlink: " + why, e.getErrorCode());
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Libc.C.close(fd);
        }
    }

    private static byte[] integer(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
    }
}
