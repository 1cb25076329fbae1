package org.ipfailover.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClosestKeyTest {
    static final List<String> NODE = List.of("id", "keyFile", "auth", "port", "networks", "bind", "interval", "deadTime", "stateFolder");

    @Test
    void namesTheKeyAMisspellingWasMeantToBe() {
        assertEquals("deadTime", ClosestKey.of("deadTme", NODE));
        assertEquals("deadTime", ClosestKey.of("dead_time", NODE));
        assertEquals("keyFile", ClosestKey.of("keyfiel", NODE));
        assertEquals("networks", ClosestKey.of("network", NODE));
        assertEquals("interval", ClosestKey.of("intervall", NODE));
    }

    @Test
    void namesNoneForAWordThatIsNoKeyAtAll() {
        assertNull(ClosestKey.of("hostname", NODE));
        assertNull(ClosestKey.of("x", List.of("timeout")));
        assertNull(ClosestKey.of("anything", List.of()));
    }

    @Test
    void countsSingleLetterEdits() {
        assertEquals(0, ClosestKey.distance("abc", "abc"));
        assertEquals(1, ClosestKey.distance("deadTme", "deadTime"));
        assertEquals(3, ClosestKey.distance("kitten", "sitting"));
        assertEquals(4, ClosestKey.distance("", "port"));
    }
}
