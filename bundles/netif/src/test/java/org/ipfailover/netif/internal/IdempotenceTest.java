package org.ipfailover.netif.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdempotenceTest {
    @Test
    void anAddressThatIsAlreadyThereCountsAsAdded() {
        assertTrue(Idempotence.alreadyAdded(failed(2, "RTNETLINK answers: File exists")));
        assertTrue(Idempotence.alreadyAdded(failed(2, "Error: ipv4: Address already assigned.")));
        assertTrue(Idempotence.alreadyAdded(failed(2, "Error: ipv6: address already assigned.")));
        assertTrue(Idempotence.alreadyAdded(failed(1, "ifconfig: ioctl (SIOCAIFADDR): File exists")));
    }

    @Test
    void anAddressThatIsNotThereCountsAsRemoved() {
        assertTrue(Idempotence.alreadyRemoved(failed(2, "RTNETLINK answers: Cannot assign requested address")));
        assertTrue(Idempotence.alreadyRemoved(failed(2, "Error: ipv4: Address not found.")));
        assertTrue(Idempotence.alreadyRemoved(failed(2, "Error: ipv6: address not found.")));
        assertTrue(Idempotence.alreadyRemoved(failed(1, "Cannot find device \"eth9\"")));
        assertTrue(Idempotence.alreadyRemoved(failed(1, "ifconfig: ioctl (SIOCDIFADDR): Can't assign requested address")));
        assertTrue(Idempotence.alreadyRemoved(failed(1, "ifconfig: interface en9 does not exist")));
    }

    @Test
    void otherFailuresAreFailures() {
        assertFalse(Idempotence.alreadyAdded(failed(1, "Cannot find device \"eth9\"")));
        assertFalse(Idempotence.alreadyAdded(failed(2, "RTNETLINK answers: Operation not permitted")));
        assertFalse(Idempotence.alreadyRemoved(failed(2, "RTNETLINK answers: Operation not permitted")));
        assertFalse(Idempotence.alreadyRemoved(failed(2, "Error: ipv4: Address already assigned.")));
    }

    @Test
    void aKilledCommandIsNeverTakenForDone() {
        CommandResult killed = new CommandResult(List.of("ip"), 137, "", "File exists", Duration.ofSeconds(5));

        assertFalse(Idempotence.alreadyAdded(killed));
    }

    @Test
    void successIsNotAFailureThatSaysSomething() {
        assertFalse(Idempotence.alreadyAdded(new CommandResult(List.of("ip"), 0, "", "File exists", null)));
    }

    private static CommandResult failed(int status, String stderr) {
        return new CommandResult(List.of("ip", "addr"), status, "", stderr + "\n", null);
    }
}
