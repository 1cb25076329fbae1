package org.ipfailover.netif.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.ipfailover.api.BackendException;
import org.ipfailover.process.internal.ProcessRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ifconfig backend with a stand-in ifconfig that records its calls and answers as BSD's does. */
class IfconfigBackendTest {
    final ProcessRunner processes = new ProcessRunner("test-netif-io");
    @TempDir
    Path dir;
    Path calls;
    IfconfigBackend backend;

    @BeforeEach
    void standInIfconfig() throws Exception {
        calls = dir.resolve("calls");
        Path ifconfig = dir.resolve("ifconfig");
        Files.writeString(ifconfig, """
                #!/bin/sh
                echo "$@" >> '%s'
                case "$1" in
                  em7) echo "em7: flags=8802<BROADCAST,SIMPLEX,MULTICAST> metric 0 mtu 1500"; exit 0 ;;
                  broken0) echo "ifconfig: socket: Permission denied" >&2; exit 1 ;;
                  *) echo "ifconfig: interface $1 does not exist" >&2; exit 1 ;;
                esac
                """.formatted(calls));
        Files.setPosixFilePermissions(ifconfig, PosixFilePermissions.fromString("rwx------"));
        backend = new IfconfigBackend(new Tool("ifconfig", "base system", "test", ifconfig), new CommandRunner(processes, Duration.ofSeconds(5)));
    }

    @AfterEach
    void closeRunner() {
        processes.close();
    }

    @Test
    void knowsAnInterfaceWithAnAddressWithoutRunningIfconfig() throws Exception {
        assertTrue(backend.hasInterface("lo"));

        assertFalse(Files.exists(calls), "ran ifconfig");
    }

    @Test
    void asksIfconfigAboutAnInterfaceWithoutAddresses() throws Exception {
        assertTrue(backend.hasInterface("em7"));
        assertFalse(backend.hasInterface("em9"));
    }

    @Test
    void anyOtherFailureIsAnError() {
        BackendException e = assertThrows(BackendException.class, () -> backend.hasInterface("broken0"));

        assertTrue(e.getMessage().contains("Permission denied"), e.getMessage());
    }
}
