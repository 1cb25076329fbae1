package org.ipfailover.notify.mail.internal;

import java.io.IOException;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ipfailover.api.FailoverEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configuration's way from an event to the SMTP server: filter, flap summary, formatting,
 * outbox, queue and courier. {@link #post} never waits for the network.
 */
final class Mailroom {
    private static final Logger LOG = LoggerFactory.getLogger(Mailroom.class);
    static final long STOP_WAIT_MILLIS = 2000;

    private final MailSettings settings;
    private final MailFormatter formatter;
    private final Outbox outbox;
    private final MailQueue queue;
    private final Courier courier;
    private final FlapSummariser flaps;
    private final TransitionCauses causes = new TransitionCauses();
    private final ScheduledExecutorService windows;
    private final DeliveryCounts counts;

    Mailroom(MailSettings settings) {
        this(settings, new DeliveryCounts());
    }

    Mailroom(MailSettings settings, DeliveryCounts counts) {
        this.settings = settings;
        this.counts = counts;
        this.formatter = new MailFormatter(settings.subject(), settings.body(), ZoneId.systemDefault());
        this.outbox = new Outbox(settings.outbox());
        this.queue = new MailQueue(settings.queueCapacity());
        this.courier = new Courier(settings, queue, outbox, new SmtpClient(settings), counts);
        this.flaps = new FlapSummariser(settings.flapWindowMillis());
        this.windows = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "ipfailover-mail-" + settings.name() + "-flaps");
            thread.setDaemon(true);
            return thread;
        });
    }

    MailSettings settings() {
        return settings;
    }

    /** @return messages waiting for the server now */
    int queued() {
        return queue.size();
    }

    /** Queues what the outbox holds from before, then starts delivering. */
    void start() {
        try {
            List<Mail> stored = outbox.load();
            int dropped = 0;
            for (Mail mail : stored) {
                Mail oldest = queue.add(mail);
                if (oldest != null) {
                    outbox.delete(oldest);
                    counts.drop();
                    dropped++;
                }
            }
            if (dropped > 0) {
                LOG.warn("Mail {}: the outbox {} held {} messages, more than queueCapacity {}: dropped the {} oldest",
                        settings.name(), outbox.folder(), stored.size(), settings.queueCapacity(), dropped);
            }
            if (!stored.isEmpty()) {
                LOG.info("Mail {}: {} message(s) from {} queued for {}", settings.name(), stored.size() - dropped, outbox.folder(),
                        settings.server());
            }
        } catch (IOException e) {
            LOG.error("Mail {}: the outbox {} cannot be read ({}); its messages are not sent", settings.name(), outbox.folder(), e.toString());
        }
        courier.start();
    }

    /** Owed flap summaries go to the outbox, so they are sent after the next start. */
    void stop() {
        windows.shutdownNow();
        for (FlapSummariser.Summary summary : flaps.closeAll()) {
            enqueue(formatter.summarise(summary));
        }
        courier.stop(STOP_WAIT_MILLIS);
    }

    void post(FailoverEvent event) {
        String cause = causes.note(event);
        if (!settings.events().contains(event.type())) {
            return;
        }
        if (FlapSummariser.concerns(event) && settings.flapWindowMillis() > 0) {
            if (flaps.offer(event) == FlapSummariser.Verdict.SUMMARISE) {
                LOG.debug("Mail {}: {} for {} counted for the flap summary", settings.name(), event.type(), event.peer());
                return;
            }
            scheduleWindowEnd(FlapSummariser.key(event));
        }
        enqueue(formatter.format(event, cause));
    }

    private void scheduleWindowEnd(String peer) {
        try {
            windows.schedule(() -> endWindow(peer), settings.flapWindowMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            LOG.debug("Mail {}: stopping; the window for {} ends with the notifier", settings.name(), peer);
        }
    }

    private void endWindow(String peer) {
        FlapSummariser.Summary summary = flaps.close(peer);
        if (summary != null) {
            enqueue(formatter.summarise(summary));
            scheduleWindowEnd(peer);
        }
    }

    private void enqueue(Mail mail) {
        Mail stored;
        try {
            stored = outbox.write(mail);
        } catch (IOException e) {
            LOG.error("Mail {}: \"{}\" could not be written to the outbox {} ({}); it is lost if the node stops before it is sent",
                    settings.name(), mail.subject(), outbox.folder(), e.toString());
            stored = mail;
        }
        Mail dropped = queue.add(stored);
        if (dropped != null) {
            outbox.delete(dropped);
            counts.drop();
            LOG.warn("Mail {}: queue full ({} messages waiting for {}): dropped the oldest, \"{}\"", settings.name(),
                    settings.queueCapacity(), settings.server(), dropped.subject());
        }
    }
}
