package org.ipfailover.notify.mail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.notify.mail.internal.FlapSummariser.Summary;
import org.ipfailover.notify.mail.internal.FlapSummariser.Verdict;
import org.junit.jupiter.api.Test;

class FlapSummariserTest {
    final FlapSummariser flaps = new FlapSummariser(300_000);

    @Test
    void theFirstChangeIsMailedAndTheRestOfTheWindowSummarised() {
        assertEquals(Verdict.MAIL_AND_OPEN_WINDOW, flaps.offer(flap(0)));
        for (int i = 1; i <= 7; i++) {
            assertEquals(Verdict.SUMMARISE, flaps.offer(flap(i)));
        }
        Summary summary = flaps.close("pri");
        assertEquals(7, summary.changes());
        assertEquals(flap(7), summary.last());
        assertEquals(300_000, summary.windowMillis());
    }

    @Test
    void aWindowWithoutChangesClosesAndTheNextChangeIsMailedAtOnce() {
        flaps.offer(flap(0));
        flaps.offer(flap(1));
        flaps.close("pri");
        assertEquals(Verdict.SUMMARISE, flaps.offer(flap(2)), "the summary opened the next window");
        assertEquals(1, flaps.close("pri").changes());
        assertNull(flaps.close("pri"));
        assertEquals(Verdict.MAIL_AND_OPEN_WINDOW, flaps.offer(flap(3)));
    }

    @Test
    void aFloodGivesOneMailPerWindow() {
        int mails = 0;
        int windows = 6;
        for (int window = 0; window < windows; window++) {
            for (int i = 0; i < 1000; i++) {
                if (flaps.offer(flap(i)) == Verdict.MAIL_AND_OPEN_WINDOW) {
                    mails++;
                }
            }
            if (flaps.close("pri") != null) {
                mails++;
            }
        }
        assertEquals(1 + windows, mails);
    }

    @Test
    void eachPeerHasItsOwnWindow() {
        assertEquals(Verdict.MAIL_AND_OPEN_WINDOW, flaps.offer(flap(0)));
        FailoverEvent other = FailoverEvent.of(FailoverEvent.Type.ANOMALY, Instant.now(), "sec").peer("ter")
                .reason("ter is silent on private").build();
        assertEquals(Verdict.MAIL_AND_OPEN_WINDOW, flaps.offer(other));
        assertEquals(Verdict.SUMMARISE, flaps.offer(other));
        assertEquals(List.of(new Summary("ter", 1, 300_000, other)), flaps.closeAll());
    }

    static FailoverEvent flap(int i) {
        Instant time = Events.TIME.plusSeconds(i);
        return i % 2 == 0 ? Events.anomaly(time) : Events.cleared(time);
    }
}
