package org.ipfailover.netif.internal;

import com.sun.jna.LastErrorException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;
import org.ipfailover.api.LinkListener;
import org.ipfailover.api.LinkState;
import org.ipfailover.api.LinkWatch;
import org.ipfailover.threads.internal.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A socket subscribed to RTNLGRP_LINK and a thread that reads it. It subscribes before it asks for
 * every interface, so no change falls between the list and the notifications. When the socket
 * overruns (ENOBUFS), the listener hears of the gap and every interface is told again.
 */
final class NetlinkLinkWatch implements LinkWatch {
    private static final int RTMGRP_LINK = 1;
    private static final Logger LOG = LoggerFactory.getLogger(NetlinkLinkWatch.class);

    private final NetlinkSocket socket;
    private final LinkListener listener;
    private final Consumer<NetlinkLinkWatch> ended;
    private final int[] wake = new int[2];
    private final Thread reader;
    private volatile boolean closed;

    private NetlinkLinkWatch(NetlinkSocket socket, LinkListener listener, Consumer<NetlinkLinkWatch> ended, String name)
            throws NetlinkException {
        this.socket = socket;
        this.listener = listener;
        this.ended = ended;
        try {
            Libc.C.pipe2(wake, Libc.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new NetlinkException("cannot make a pipe: " + Libc.C.strerror(e.getErrorCode()), e.getErrorCode());
        }
        reader = Threads.daemon(name, this::read);
    }

    /** @return a running watch that has told every interface */
    static NetlinkLinkWatch start(String namespace, LinkListener listener, Consumer<NetlinkLinkWatch> ended)
            throws NetlinkException {
        NetlinkSocket socket = NetlinkSocket.open(namespace, RTMGRP_LINK, java.time.Duration.ZERO);
        NetlinkLinkWatch watch;
        try {
            watch = new NetlinkLinkWatch(socket, listener, ended, "ipfailover-netif-links");
            watch.tellEveryInterface();
        } catch (NetlinkException | RuntimeException e) {
            socket.close();
            throw e;
        }
        watch.reader.start();
        return watch;
    }

    private void tellEveryInterface() throws NetlinkException {
        int sent = socket.send(new Netlink.Request(Netlink.RTM_GETLINK, Netlink.NLM_F_DUMP).ifinfomsg(Netlink.AF_UNSPEC, 0));
        for (;;) {
            for (Netlink.Message message : socket.receive()) {
                if (message.sequence() == sent && message.type() == Netlink.NLMSG_DONE) {
                    return;
                }
                if (message.sequence() == sent && message.type() == Netlink.NLMSG_ERROR && message.error() != 0) {
                    throw NetlinkException.answered(message);
                }
                tell(message);
            }
        }
    }

    private void read() {
        byte[] descriptors = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder())
                .putInt(socket.fd()).putShort(Libc.POLLIN).putShort((short) 0)
                .putInt(wake[0]).putShort(Libc.POLLIN).putShort((short) 0).array();
        try {
            while (!closed) {
                try {
                    Libc.C.poll(descriptors, 2, -1);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == Libc.EINTR) {
                        continue;
                    }
                    throw new NetlinkException("cannot wait for rtnetlink: " + Libc.C.strerror(e.getErrorCode()), e.getErrorCode());
                }
                if (closed) {
                    return;
                }
                try {
                    socket.receive().forEach(this::tell);
                } catch (NetlinkException e) {
                    if (e.errno() != Libc.ENOBUFS) {
                        throw e;
                    }
                    listener.watchInterrupted("the kernel dropped interface changes (rtnetlink socket overrun): reading every interface again");
                    tellEveryInterface();
                }
            }
        } catch (NetlinkException | RuntimeException e) {
            if (!closed) {
                LOG.error("Watching the interfaces stopped: {}", e.getMessage());
                end("watching the interfaces stopped: " + e.getMessage());
            }
        }
    }

    private void tell(Netlink.Message message) {
        LinkState state = NetlinkLinks.state(message);
        if (state != null && !closed) {
            listener.linkChanged(state);
        }
    }

    /** Closes the watch and tells its listener why, unless it was closed before. */
    void end(String reason) {
        if (stop()) {
            listener.watchInterrupted(reason);
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** @return whether this call stopped the watch */
    private boolean stop() {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
        }
        Libc.C.write(wake[1], new byte[] {1}, 1);
        if (Thread.currentThread() != reader) {
            try {
                reader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        socket.close();
        Libc.C.close(wake[0]);
        Libc.C.close(wake[1]);
        ended.accept(this);
        return true;
    }
}
