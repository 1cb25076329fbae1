package org.ipfailover.netif.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BackoffTest {
    final AtomicLong now = new AtomicLong();
    final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), now::get);

    @Test
    void doublesUpToTheLimit() {
        assertEquals(List.of(100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L), waits(8));
    }

    @Test
    void whatRanBrieflyGoesOnDoubling() {
        waits(3);
        backoff.running();
        now.addAndGet(Duration.ofMillis(4999).toNanos());

        assertEquals(800, backoff.ended().toMillis());
    }

    @Test
    void whatRanForTheLimitStartsTheSeriesAgain() {
        waits(8);
        backoff.running();
        now.addAndGet(Duration.ofSeconds(5).toNanos());

        assertEquals(List.of(100L, 200L), waits(2));
    }

    private List<Long> waits(int count) {
        return Stream.generate(() -> backoff.ended().toMillis()).limit(count).toList();
    }
}
