package org.ipfailover.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {
    @Test
    void alignsEveryColumnOnItsWidestCellWithTwoSpacesBetween() {
        String text = new TextTable("GROUP", "STATE", "ADDRESSES")
                .row("web", "UP", "eth0:198.51.100.10/24")
                .row("database-long", "STANDBY", "eth1:203.0.113.5/24")
                .toString();
        List<String> lines = text.lines().toList();
        assertEquals(List.of(
                "GROUP          STATE    ADDRESSES",
                "web            UP       eth0:198.51.100.10/24",
                "database-long  STANDBY  eth1:203.0.113.5/24"), lines);
        int stateColumn = lines.get(0).indexOf("STATE");
        lines.forEach(line -> assertEquals(' ', line.charAt(stateColumn - 1)));
    }

    @Test
    void emptyLastCellsLeaveNoTrailingSpaceAndNullShowsAsDash() {
        String text = new TextTable("A", "B", "C").row("x", null, "").row("longer", "y", "").toString();
        assertEquals("A       B  C\nx       -\nlonger  y\n", text);
    }

    @Test
    void scriptsCanSplitOnWhitespace() {
        String text = new TextTable("PEER", "ALIVE").row("sec", "yes").toString();
        assertEquals(List.of("sec", "yes"), List.of(text.lines().toList().get(1).split("\\s+")));
    }
}
