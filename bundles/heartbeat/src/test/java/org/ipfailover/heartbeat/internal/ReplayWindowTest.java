package org.ipfailover.heartbeat.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReplayWindowTest {
    private final ReplayWindow window = new ReplayWindow();

    @Test
    void acceptsEachSequenceOnce() {
        assertTrue(window.accept("pri", 1, 1));
        assertTrue(window.accept("pri", 1, 2));
        assertFalse(window.accept("pri", 1, 2));
        assertFalse(window.accept("pri", 1, 1));
        assertTrue(window.accept("pri", 1, 3));
    }

    @Test
    void acceptsReorderedSequencesWithinTheWindowOnce() {
        assertTrue(window.accept("pri", 1, 100));
        assertTrue(window.accept("pri", 1, 98));
        assertTrue(window.accept("pri", 1, 99));
        assertTrue(window.accept("pri", 1, 97));
        assertFalse(window.accept("pri", 1, 98));
        assertFalse(window.accept("pri", 1, 100));
    }

    @Test
    void rejectsWhatIsOlderThanTheWindow() {
        assertTrue(window.accept("pri", 1, 2000));
        assertFalse(window.accept("pri", 1, 2000 - ReplayWindow.SIZE));
        assertTrue(window.accept("pri", 1, 2000 - ReplayWindow.SIZE + 1));
        assertFalse(window.accept("pri", 1, 5));
    }

    @Test
    void forgetsWhatSlidesOutOfTheWindow() {
        for (long sequence = 1; sequence <= 10; sequence++) {
            assertTrue(window.accept("pri", 1, sequence));
        }
        assertTrue(window.accept("pri", 1, 10 + ReplayWindow.SIZE - 1));
        assertFalse(window.accept("pri", 1, 10));
        assertTrue(window.accept("pri", 1, 11));
        assertTrue(window.accept("pri", 1, 10 + ReplayWindow.SIZE + 5000));
        assertTrue(window.accept("pri", 1, 10 + ReplayWindow.SIZE + 4000));
        assertFalse(window.accept("pri", 1, 10 + ReplayWindow.SIZE + 4000));
    }

    @Test
    void aNewBootStartsAFreshWindow() {
        assertTrue(window.accept("pri", 1, 5000));
        assertTrue(window.accept("pri", 2, 1));
        assertTrue(window.accept("pri", 2, 2));
        assertFalse(window.accept("pri", 2, 1));
        assertFalse(window.accept("pri", 1, 5000));
        assertTrue(window.accept("pri", 1, 5001));
    }

    @Test
    void keepsTheLatestBootsOfANodeOnly() {
        for (long boot = 1; boot <= ReplayWindow.BOOTS_PER_NODE + 1; boot++) {
            assertTrue(window.accept("pri", boot, 7));
        }
        for (long boot = 2; boot <= ReplayWindow.BOOTS_PER_NODE + 1; boot++) {
            assertFalse(window.accept("pri", boot, 7));
        }
        assertTrue(window.accept("pri", 1, 7), "the oldest boot's window was dropped");
    }

    @Test
    void nodesHaveTheirOwnWindows() {
        assertTrue(window.accept("pri", 1, 1));
        assertTrue(window.accept("sec", 1, 1));
        assertFalse(window.accept("sec", 1, 1));
    }

    @Test
    void treatsSequencesAsUnsigned() {
        assertTrue(window.accept("pri", 1, Long.MAX_VALUE));
        assertTrue(window.accept("pri", 1, Long.MIN_VALUE));
        assertFalse(window.accept("pri", 1, 1));
        assertTrue(window.accept("pri", 1, Long.MAX_VALUE - 3));
    }
}
