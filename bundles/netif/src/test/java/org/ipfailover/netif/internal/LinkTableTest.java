package org.ipfailover.netif.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.ipfailover.api.LinkState;
import org.junit.jupiter.api.Test;

class LinkTableTest {
    static final LinkLine LO = line("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN");
    static final LinkLine ETH_UP = line("3: eth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP");
    static final LinkLine ETH_NO_CARRIER = line("3: eth0@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 state LOWERLAYERDOWN");
    static final LinkLine ETH_DELETED = line("Deleted 3: eth0@if2: <BROADCAST,MULTICAST> mtu 1500 state DOWN");
    static final LinkLine BACKUP_UP = line("4: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP");

    final LinkTable table = new LinkTable();

    @Test
    void tellsEveryInterfaceListedThenOnlyChanges() {
        assertEquals(states(LO, ETH_UP), table.start(List.of(LO, ETH_UP), List.of()));

        assertEquals(List.of(), table.change(ETH_UP), "a repeated line");
        assertEquals(List.of(), table.change(line("3: eth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9000 qdisc fq state UP")),
                "a new MTU is no new state");
        assertEquals(states(ETH_NO_CARRIER), table.change(ETH_NO_CARRIER));
        assertEquals(states(ETH_DELETED), table.change(ETH_DELETED));
        assertEquals(List.of(), table.change(ETH_DELETED));
    }

    @Test
    void aRenamedInterfaceEndsUnderItsOldName() {
        table.start(List.of(ETH_UP), List.of());

        assertEquals(List.of(new LinkState("eth0", false, "renamed to wan0"), new LinkState("wan0", true, ETH_UP.state().detail())),
                table.change(line("3: wan0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP")));
    }

    @Test
    void whatTheMonitorSawWhileTheListWasReadIsToldInItsOrderInsteadOfTheList() {
        LinkLine ethDown = line("3: eth0@if2: <BROADCAST,MULTICAST> mtu 1500 state DOWN");

        List<LinkState> told = table.start(List.of(LO, ETH_UP, BACKUP_UP), List.of(ethDown, ETH_UP));

        assertEquals(states(LO, BACKUP_UP, ethDown, ETH_UP), told);
    }

    @Test
    void aRestartTellsEveryInterfaceAgainAndTheEndOfThoseGoneMeanwhile() {
        table.start(List.of(LO, ETH_UP, BACKUP_UP), List.of());

        table.forget();
        table.forget();

        assertEquals(List.of(LO.state(), ETH_UP.state(), new LinkState("eth1", false, "deleted")), table.start(List.of(LO, ETH_UP), List.of()));
        table.forget();
        assertEquals(states(LO, ETH_UP), table.start(List.of(LO, ETH_UP), List.of()), "eth1's end was told once");
    }

    private static List<LinkState> states(LinkLine... lines) {
        return List.of(lines).stream().map(LinkLine::state).toList();
    }

    private static LinkLine line(String text) {
        return LinkLine.parse(text).orElseThrow();
    }
}
