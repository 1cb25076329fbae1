package org.ipfailover.console.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * {@code ipfailover ctl}: runs one Gogo command line in the running node through its control
 * socket and prints what it printed. Runs outside the framework, from the console bundle's jar.
 * Exit status: the command's (0 when it succeeded), 2 when no node answers, 3 on a broken
 * exchange, 64 on bad usage, 77 when this user may not open the socket; the node answers 65 for a
 * command it refuses, 75 when it is busy and 124 for a command it interrupted.
 */
public final class CtlClient {
    static final int NO_NODE = 2;
    static final int BROKEN = 3;
    static final int USAGE = 64;
    static final int PERMISSION_DENIED = 77;

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
        String line = String.join(" ", Arrays.copyOfRange(args, 1, args.length));
        try {
            BasicFileAttributes attributes = Files.readAttributes(socket, BasicFileAttributes.class);
            if (attributes.isOther() && !Files.isWritable(socket)) {
                return denied(socket, err);
            }
        } catch (IOException e) {
            return unreachable(socket, e, err);
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                return unreachable(socket, e, err);
            }
            DataOutputStream request = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
            DataInputStream response = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
            IOException notSent = null;
            try {
                CtlProtocol.writeText(request, CtlProtocol.COMMAND, line);
            } catch (IOException e) {
                notSent = e; // the node may have refused the connection first: its answer is still there to read
            }
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
            if (notSent != null) {
                throw notSent;
            }
            err.println("ipfailover: the node closed the control connection before the command finished");
            return BROKEN;
        } catch (IOException e) {
            err.println("ipfailover: control exchange with " + socket + " failed: " + e.getMessage());
            return BROKEN;
        }
    }

    /** Says why the socket cannot be reached: nothing there (no node), or not this user's to open. */
    static int unreachable(Path socket, IOException cause, PrintStream err) {
        if (permissionDenied(cause)) {
            return denied(socket, err);
        }
        if (cause instanceof NoSuchFileException) {
            err.println("ipfailover: no node is running (no control socket at " + socket + ")");
        } else {
            err.println("ipfailover: no node is running (control socket " + socket + " does not answer: " + cause.getMessage() + ")");
        }
        return NO_NODE;
    }

    /** A folder on the way that this user may not enter, or a socket this user may not write (Java: BindException on connect). */
    static boolean permissionDenied(IOException cause) {
        return cause instanceof AccessDeniedException || cause instanceof BindException;
    }

    private static int denied(Path socket, PrintStream err) {
        err.println("ipfailover: permission denied on " + socket + ": run as the node's user (or root)");
        return PERMISSION_DENIED;
    }
}
