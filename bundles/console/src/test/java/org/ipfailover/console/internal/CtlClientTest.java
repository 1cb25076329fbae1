package org.ipfailover.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ipfailover.test.support.Needs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code ipfailover ctl} says when it cannot reach the node: nobody there, or not this user's socket. */
class CtlClientTest {
    @TempDir
    Path dir;

    @Test
    void classifiesWhyTheSocketCannotBeReached() {
        assertEquals(CtlClient.PERMISSION_DENIED, unreachable(new AccessDeniedException("/var/lib/ipfailover/var/ipfailover.sock")));
        assertEquals(CtlClient.PERMISSION_DENIED, unreachable(new BindException("Permission denied")));
        assertEquals(CtlClient.NO_NODE, unreachable(new NoSuchFileException("/var/lib/ipfailover/var/ipfailover.sock")));
        assertEquals(CtlClient.NO_NODE, unreachable(new ConnectException("Connection refused")));
    }

    @Test
    void saysPermissionDeniedNotNoNodeToAUserWhoMayNotOpenTheSocket() throws Exception {
        List<String> asNobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
        Needs.root("the client runs as another user");
        Needs.that(runs(List.of("setpriv", "--version")), "setpriv (package util-linux) is not installed");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path open = Files.createDirectory(dir.resolve("open"));
        Path closed = Files.createDirectory(dir.resolve("closed"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try (ServerSocketChannel reachable = listen(open.resolve("ctl.sock"));
                ServerSocketChannel hidden = listen(closed.resolve("ctl.sock"))) {
            for (Path socket : List.of(open.resolve("ctl.sock"), closed.resolve("ctl.sock"))) {
                Run run = client(asNobody, socket);
                assertEquals(CtlClient.PERMISSION_DENIED, run.status, run.err);
                assertEquals("ipfailover: permission denied on " + socket + ": run as the node's user (or root)\n", run.err);
            }
            Run none = client(asNobody, open.resolve("none.sock"));
            assertEquals(CtlClient.NO_NODE, none.status, none.err);
            assertTrue(none.err.contains("no node is running"), none.err);
        }
    }

    private int unreachable(IOException cause) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CtlClient.unreachable(dir.resolve("ctl.sock"), cause, new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains(status == CtlClient.PERMISSION_DENIED ? "permission denied on " : "no node is running"), text);
        return status;
    }

    /** A socket of mode 0600 owned by root, as the node makes it. */
    private static ServerSocketChannel listen(Path socket) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channel.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        return channel;
    }

    private static Run client(List<String> asUser, Path socket) throws Exception {
        Path classes = Path.of(CtlClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(asUser);
        command.addAll(List.of(java, "-Xshare:auto", "-cp", classes.toString(), CtlClient.class.getName(), socket.toString(), "echo", "hi"));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the client ended");
            return new Run(process.exitValue(), err);
        } finally {
            process.destroyForcibly();
        }
    }

    private static boolean runs(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    record Run(int status, String err) {
    }
}
