package org.ipfailover.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The iproute2 backend end to end (the default, netlink, runs in every other suite): both nodes of
 * the lab add and remove their addresses with the ip command and announce them with arping and
 * ndptool (backend = iproute2), IPv4 and IPv6; the client asks the VIPs who answers.
 */
class NetnsIproute2IT extends LabSuite {
    @Test
    void crashedPrimaryIsReplacedAndGetsItsAddressesBackThroughIproute2() throws Exception {
        lab = new NetnsLab(root, "failbackDelay = 500\n", true);
        for (String node : List.of("pri", "sec")) {
            lab.writeConf(node, "org.ipfailover.netif.cfg", "backend = iproute2\n");
        }
        startPrimaryThenBackup();
        for (String node : List.of("pri", "sec")) {
            assertTrue(lab.node(node).logLines().stream().anyMatch(line -> line.contains("Network backend iproute2 offered")),
                    String.join("\n", lab.node(node).logLines()));
        }
        assertTrue(lab.holds("pri", NetnsLab.VIP) && lab.holds("pri", NetnsLab.VIP6));
        Probe probe = lab.probe(NetnsLab.VIP, Duration.ofMinutes(2));
        Probe probe6 = lab.probe(NetnsLab.VIP6, Duration.ofMinutes(2));
        lab.node("pri").await("cli to be answered by pri", SETTLE, () -> answeredBy(probe, "pri", nowMicros() - 300_000));
        lab.node("pri").await("cli to be answered by pri over IPv6", SETTLE, () -> answeredBy(probe6, "pri", 0));
        List<Long> failovers = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            long crashed = nowMicros();
            lab.crash("pri");
            lab.node("sec").await("cli to be answered by sec", SETTLE, () -> answeredBy(probe, "sec", crashed));
            lab.node("sec").await("cli to be answered by sec over IPv6", SETTLE, () -> answeredBy(probe6, "sec", crashed));
            failovers.add((probe.firstFrom("sec", crashed).micros() - crashed) / 1000);
            lab.awaitState("sec", "UP", SETTLE);
            assertTrue(lab.holds("sec", NetnsLab.VIP) && lab.holds("sec", NetnsLab.VIP6));

            long back = nowMicros();
            primaryBack(probe);
            lab.node("pri").await("cli to be answered by pri again", SETTLE, () -> answeredBy(probe, "pri", back));
            lab.node("pri").await("sec to have removed both addresses", SETTLE, () -> !holdsAny("sec"));
        }
        System.out.println("netns failover with backend = iproute2 (ms, fault -> first answer from sec): "
                + NetnsFailoverIT.summary(failovers));
        assertTrue(Collections.max(failovers) < 2000, "failover times " + failovers);
    }

    private boolean holdsAny(String node) {
        try {
            return lab.holds(node, NetnsLab.VIP) || lab.holds(node, NetnsLab.VIP6);
        } catch (Exception e) {
            return true;
        }
    }
}
