package org.ipfailover.notify.mail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MailQueueTest {
    static Mail mail(String subject) {
        return new Mail(subject + ".mail", Instant.now(), subject, "");
    }

    @Test
    void aFullQueueDropsTheOldestAndNeverWaits() throws Exception {
        MailQueue queue = new MailQueue(3);
        Mail first = mail("1");
        assertNull(queue.add(first));
        assertNull(queue.add(mail("2")));
        assertNull(queue.add(mail("3")));
        assertTimeoutPreemptively(Duration.ofMillis(500), () -> {
            assertSame(first, queue.add(mail("4")));
            for (int i = 5; i < 10_000; i++) {
                queue.add(mail(Integer.toString(i)));
            }
        });
        assertEquals(3, queue.size());
        assertEquals("9997", queue.head(0, TimeUnit.MILLISECONDS).subject());
    }

    @Test
    void theHeadStaysUntilRemoved() throws Exception {
        MailQueue queue = new MailQueue(10);
        Mail first = mail("1");
        queue.add(first);
        queue.add(mail("2"));
        assertSame(first, queue.head(0, TimeUnit.MILLISECONDS));
        assertSame(first, queue.head(0, TimeUnit.MILLISECONDS));
        queue.remove(first);
        assertEquals("2", queue.head(0, TimeUnit.MILLISECONDS).subject());
    }

    @Test
    void removingAMessageDroppedMeanwhileIsHarmless() throws Exception {
        MailQueue queue = new MailQueue(1);
        Mail inHand = mail("1");
        queue.add(inHand);
        Mail newer = mail("2");
        assertSame(inHand, queue.add(newer));
        queue.remove(inHand);
        assertSame(newer, queue.head(0, TimeUnit.MILLISECONDS));
    }

    @Test
    void aWaitingCourierWakesForANewMessage() throws Exception {
        MailQueue queue = new MailQueue(10);
        assertNull(queue.head(10, TimeUnit.MILLISECONDS));
        Mail later = mail("later");
        Thread producer = new Thread(() -> {
            sleep(100);
            queue.add(later);
        });
        producer.start();
        assertSame(later, queue.head(5, TimeUnit.SECONDS));
        producer.join();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
