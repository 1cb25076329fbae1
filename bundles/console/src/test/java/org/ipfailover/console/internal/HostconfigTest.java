package org.ipfailover.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class HostconfigTest {
    @Test
    void readsQuotedAndUnquotedValuesAndSkipsComments() {
        Hostconfig hostconfig = Hostconfig.parse("""
                ##
                # /etc/hostconfig
                ##
                AFPSERVER=-YES-
                  FAILOVER_PEER_IP="10.0.0.1"   # the primary, private side
                FAILOVER_PEER_IP_PAIRS='en0:100.0.0.10 en1:100.0.1.10/24'
                FAILOVER_EMAIL_RECIPIENT=admin@example.com
                #FAILOVER_BCAST_IPS="10.0.0.255"
                WEBSERVER=-NO- ; echo ignored
                QUOTED="a \\"b\\" c"
                EMPTY=
                not a line
                """);
        assertEquals("-YES-", hostconfig.get("AFPSERVER"));
        assertEquals("10.0.0.1", hostconfig.get("FAILOVER_PEER_IP"));
        assertEquals("en0:100.0.0.10 en1:100.0.1.10/24", hostconfig.get("FAILOVER_PEER_IP_PAIRS"));
        assertEquals("admin@example.com", hostconfig.get("FAILOVER_EMAIL_RECIPIENT"));
        assertNull(hostconfig.get("FAILOVER_BCAST_IPS"));
        assertEquals("-NO-", hostconfig.get("WEBSERVER"));
        assertEquals("a \"b\" c", hostconfig.get("QUOTED"));
        assertEquals("", hostconfig.get("EMPTY"));
        assertFalse(hostconfig.values().containsKey("not"));
    }

    @Test
    void aLaterLineWinsAsInSh() {
        assertEquals("2", Hostconfig.parse("A=1\nA=2\n").get("A"));
    }

    @Test
    void acceptsTheTypographicQuotesOfApplesManuals() {
        assertEquals("10.0.0.255 100.0.255.255", Hostconfig.parse("FAILOVER_BCAST_IPS=\u201d10.0.0.255 100.0.255.255\u201d").get("FAILOVER_BCAST_IPS"));
        assertEquals("10.0.0.1", Hostconfig.parse("FAILOVER_PEER_IP=\u201c10.0.0.1\u201d\r\n").get("FAILOVER_PEER_IP"));
    }
}
