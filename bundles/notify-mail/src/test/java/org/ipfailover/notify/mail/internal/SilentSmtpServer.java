package org.ipfailover.notify.mail.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An SMTP server that hangs, as an overloaded one does: it accepts connections on 127.0.0.1 and never says a word. */
final class SilentSmtpServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> accepted = Collections.synchronizedList(new ArrayList<>());
    private final Thread acceptor;

    SilentSmtpServer(int port) throws IOException {
        socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(socket.accept());
                }
            } catch (IOException closed) {
                // the test is done with it
            }
        }, "silent-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @return how many connections it has taken and left waiting */
    int connections() {
        return accepted.size();
    }

    /** Leaves the port free for GreenMail: nothing listening, no connection left open on it. */
    @Override
    public void close() throws IOException {
        socket.close();
        try {
            acceptor.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (accepted) {
            for (Socket connection : accepted) {
                // a reset leaves no TIME_WAIT behind on the port GreenMail binds next
                connection.setSoLinger(true, 0);
                connection.close();
            }
        }
    }
}
