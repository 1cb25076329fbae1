package org.ipfailover.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class CtlProtocolTest {
    @Test
    void framesRoundTrip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        CtlProtocol.writeText(out, CtlProtocol.OUT, "état\n");
        CtlProtocol.writeExit(out, 124);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals("état\n", CtlProtocol.read(in).text());
        CtlProtocol.Frame exit = CtlProtocol.read(in);
        assertEquals(CtlProtocol.EXIT, exit.type());
        assertEquals(124, exit.exitStatus());
        assertNull(CtlProtocol.read(in));
    }

    @Test
    void rejectsMalformedFrames() {
        byte[] hugeLength = {'O', 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThrows(IOException.class, () -> CtlProtocol.read(new DataInputStream(new ByteArrayInputStream(hugeLength))));
        byte[] cutShort = {'O', 0, 0, 0, 9, 'a'};
        assertThrows(IOException.class, () -> CtlProtocol.read(new DataInputStream(new ByteArrayInputStream(cutShort))));
    }

    @Test
    void aCommandFrameLongerThan64KiBIsRefusedBeforeItsPayloadIsRead() {
        byte[] header = frameHeader(CtlProtocol.COMMAND, CtlProtocol.MAX_COMMAND + 1);
        CtlProtocol.FrameTooLongException refused = assertThrows(CtlProtocol.FrameTooLongException.class,
                () -> CtlProtocol.read(new DataInputStream(new ByteArrayInputStream(header)), CtlProtocol.MAX_COMMAND));
        assertTrue(refused.getMessage().contains("declares 65537 bytes; at most 65536"), refused.getMessage());
    }

    /** 16 MiB declared, 3 bytes sent: what is read grows with what arrives, not with what is declared. */
    @Test
    void memoryFollowsTheBytesThatArriveNotTheDeclaredLength() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(frameHeader(CtlProtocol.OUT, CtlProtocol.MAX_FRAME));
        bytes.writeBytes(new byte[] {'a', 'b', 'c'});
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        long thread = Thread.currentThread().getId();

        long before = threads.getThreadAllocatedBytes(thread);
        IOException cutShort = assertThrows(IOException.class, () -> CtlProtocol.read(in));
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertTrue(cutShort.getMessage().contains("cut short: 3 of 16777216 bytes"), cutShort.getMessage());
        assertTrue(allocated < 1024 * 1024, allocated + " bytes allocated for a frame of which 3 bytes arrived");
    }

    private static byte[] frameHeader(byte type, int length) {
        return new byte[] {type, (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }
}
