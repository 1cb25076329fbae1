package org.ipfailover.heartbeat.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SentBeatsTest {
    @Test
    void knowsTheCopyOfADatagramItSentByItsBytesOnly() {
        SentBeats sent = new SentBeats();
        ByteBuffer datagram = ByteBuffer.wrap("..beat one, signed..".getBytes(StandardCharsets.US_ASCII), 2, 16);
        sent.sending("private", datagram);
        assertEquals(2, datagram.position(), "the datagram is sent as it was");

        assertEquals("private", sent.network(received("beat one, signed")));
        assertNull(sent.network(received("beat one, signeD")), "one byte differs");
        assertNull(sent.network(received("beat one, signed.")), "one byte more");
        assertNull(sent.network(received("beat one, signe")), "one byte less");
    }

    @Test
    void forgetsWhatItSentLongAgo() {
        SentBeats sent = new SentBeats();
        sent.sending("public", received("beat 0"));
        for (int i = 1; i < SentBeats.KEPT; i++) {
            sent.sending("public", received("beat " + i));
        }
        assertEquals("public", sent.network(received("beat 0")));
        sent.sending("private", received("beat " + SentBeats.KEPT));
        assertNull(sent.network(received("beat 0")), "decoded as any other datagram");
        assertEquals("private", sent.network(received("beat " + SentBeats.KEPT)));
    }

    private static ByteBuffer received(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }
}
