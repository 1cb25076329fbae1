package org.ipfailover.heartbeat.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ipfailover.api.Beat;
import org.ipfailover.api.BeatListener;
import org.ipfailover.api.HeartbeatHealth;
import org.junit.jupiter.api.Test;

class HealthReportTest {
    private static final HeartbeatHealth SENDING = new HeartbeatHealth(true, List.of("public"), "");
    private static final HeartbeatHealth SILENT = HeartbeatHealth.silent("the key file is readable by others");

    private final List<BeatListener> listeners = new CopyOnWriteArrayList<>();
    private final HealthReport report = new HealthReport(listeners, HeartbeatHealth.silent("not started"));

    @Test
    void tellsABoundListenerTheCurrentHealthThenEveryChangeOnce() {
        report.set(SILENT);
        List<HeartbeatHealth> told = bind();

        report.set(SENDING);
        report.set(new HeartbeatHealth(true, List.of("public"), ""));
        report.set(SILENT);

        assertEquals(List.of(SILENT, SENDING, SILENT), told);
    }

    @Test
    void aListenerThatThrowsDoesNotKeepTheOthersFromHearing() {
        listeners.add(new BeatListener() {
            @Override
            public void beat(Beat beat) {
            }

            @Override
            public void heartbeatHealth(HeartbeatHealth health) {
                throw new IllegalStateException("listener bug");
            }
        });
        List<HeartbeatHealth> told = bind();

        report.set(SENDING);

        assertEquals(List.of(HeartbeatHealth.silent("not started"), SENDING), told);
    }

    @Test
    void afterTheLastWordNothingChanges() {
        List<HeartbeatHealth> told = bind();
        report.close(HeartbeatHealth.silent("stopped"));
        report.set(SENDING);

        assertEquals(List.of(HeartbeatHealth.silent("not started"), HeartbeatHealth.silent("stopped")), told);
        assertEquals(HeartbeatHealth.silent("stopped"), report.current());
    }

    private List<HeartbeatHealth> bind() {
        List<HeartbeatHealth> told = new ArrayList<>();
        BeatListener listener = new BeatListener() {
            @Override
            public void beat(Beat beat) {
            }

            @Override
            public void heartbeatHealth(HeartbeatHealth health) {
                told.add(health);
            }
        };
        listeners.add(listener);
        report.bound(listener);
        return told;
    }
}
