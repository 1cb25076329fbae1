package org.ipfailover.test.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.ipfailover.api.BackendException;
import org.ipfailover.api.Vip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingBackendTest {
    static final Vip WEB = Vip.parse("eth0:198.51.100.10/24");
    static final Vip OTHER = Vip.parse("eth1:203.0.113.10/24");

    @TempDir
    Path home;

    @Test
    void holdsWhatItIsGivenPerInterfaceAndTracesEveryCall() throws Exception {
        RecordingBackend backend = new RecordingBackend();
        long before = System.nanoTime();
        backend.acquire(WEB);
        backend.acquire(OTHER);
        backend.announce(WEB);
        backend.release(OTHER);

        assertEquals(Set.of(WEB), backend.held("eth0"));
        assertEquals(Set.of(), backend.held("eth1"));
        assertEquals(List.of("acquire " + WEB, "acquire " + OTHER, "announce " + WEB, "release " + OTHER), backend.trace());
        assertEquals(WEB, backend.firstCall("announce", before).orElseThrow().vip());
        assertTrue(backend.hasInterface("eth9"), "without a list of interfaces, every one is there");
    }

    @Test
    void refusesAnInterfaceThisHostLacks() {
        RecordingBackend backend = new RecordingBackend().withInterfaces("eth0");
        BackendException e = assertThrows(BackendException.class, () -> backend.acquire(OTHER));
        assertEquals("Cannot find device \"eth1\"", e.getMessage());
        assertEquals(List.of("refused " + OTHER), backend.trace());
        assertFalse(backend.hasInterface("eth1"));
    }

    @Test
    void inAHomeItsAddressesOutliveItAndEveryCallIsLoggedWithItsTime() throws Exception {
        RecordingBackend.inHome(home).acquire(WEB);
        RecordingBackend restarted = RecordingBackend.inHome(home);
        assertEquals(Set.of(WEB), restarted.held("eth0"));
        restarted.release(WEB);

        List<String> log = Files.readAllLines(home.resolve("var/recording-backend.log"));
        assertEquals(2, log.size(), log.toString());
        assertTrue(log.get(0).matches("\\d+ acquire " + WEB), log.get(0));
        assertTrue(log.get(1).matches("\\d+ release " + WEB), log.get(1));
        assertEquals(Set.of(), RecordingBackend.inHome(home).held());
    }
}
