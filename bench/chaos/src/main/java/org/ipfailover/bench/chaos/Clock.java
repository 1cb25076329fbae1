package org.ipfailover.bench.chaos;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Wall-clock microseconds since the epoch: the unit of the probe's answers and of ip -ts. */
final class Clock {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private Clock() {
    }

    static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    static String time(long micros) {
        return TIME.format(Instant.EPOCH.plus(micros, ChronoUnit.MICROS));
    }

    static void sleepMillis(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Campaign.Stopped();
        }
    }
}
