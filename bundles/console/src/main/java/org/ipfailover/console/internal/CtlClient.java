package org.ipfailover.console.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ipfailover ctl}: runs one Gogo command line in the running node through its control
 * socket and prints what it printed. Runs outside the framework, from the console bundle's jar.
 * Exit status: the command's (0 when it succeeded), 2 when no node answers, 3 on a broken
 * exchange, 64 on bad usage.
 */
public final class CtlClient {
    static final int NO_NODE = 2;
    static final int BROKEN = 3;
    static final int USAGE = 64;

    private CtlClient() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one exchange; also used in-process by the end-to-end suites, which ask nodes many times a second. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2) {
            err.println("usage: ipfailover ctl <gogo command line>   (socket path as first argument when called directly)");
            return USAGE;
        }
        Path socket = Path.of(args[0]);
        String line = String.join(" ", java.util.Arrays.copyOfRange(args, 1, args.length));
        if (!Files.exists(socket)) {
            err.println("ipfailover: no node is running (no control socket at " + socket + ")");
            return NO_NODE;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                err.println("ipfailover: no node is running (control socket " + socket + " does not answer: " + e.getMessage() + ")");
                return NO_NODE;
            }
            DataOutputStream request = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
            DataInputStream response = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
            CtlProtocol.writeText(request, CtlProtocol.COMMAND, line);
            for (CtlProtocol.Frame frame; (frame = CtlProtocol.read(response)) != null;) {
                switch (frame.type()) {
                    case CtlProtocol.OUT -> out.print(frame.text());
                    case CtlProtocol.ERR -> err.print(frame.text());
                    case CtlProtocol.EXIT -> {
                        out.flush();
                        return frame.exitStatus();
                    }
                    default -> throw new IOException("unknown control frame type " + frame.type());
                }
            }
            err.println("ipfailover: the node closed the control connection before the command finished");
            return BROKEN;
        } catch (IOException e) {
            err.println("ipfailover: control exchange with " + socket + " failed: " + e.getMessage());
            return BROKEN;
        }
    }
}
