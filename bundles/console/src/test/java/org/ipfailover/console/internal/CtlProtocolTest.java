package org.ipfailover.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
}
