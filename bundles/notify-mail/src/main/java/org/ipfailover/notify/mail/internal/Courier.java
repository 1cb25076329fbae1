package org.ipfailover.notify.mail.internal;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that hands the queued messages to the SMTP server, oldest first. While the server
 * does not take them it retries with exponential backoff; a message is deleted from the outbox
 * only once the server has accepted it, or refused it for good.
 */
final class Courier implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Courier.class);

    private final MailSettings settings;
    private final MailQueue queue;
    private final Outbox outbox;
    private final SmtpClient smtp;
    private final Backoff backoff;
    private volatile boolean running = true;
    private volatile Thread thread;
    private final DeliveryCounts counts;
    private boolean serverDown;

    Courier(MailSettings settings, MailQueue queue, Outbox outbox, SmtpClient smtp, DeliveryCounts counts) {
        this.counts = counts;
        this.settings = settings;
        this.queue = queue;
        this.outbox = outbox;
        this.smtp = smtp;
        this.backoff = new Backoff(settings.retryInitialMillis(), settings.retryMaxMillis());
    }

    void start() {
        Thread started = new Thread(this, "ipfailover-mail-" + settings.name());
        started.setDaemon(true);
        thread = started;
        started.start();
    }

    /** Stops after the message in hand, waiting for it at most {@code waitMillis}. */
    void stop(long waitMillis) {
        running = false;
        Thread courier = thread;
        if (courier == null) {
            return;
        }
        courier.interrupt();
        try {
            courier.join(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (courier.isAlive()) {
            LOG.warn("Mail {}: still talking to {} after {} ms; leaving it to finish", settings.name(), settings.server(), waitMillis);
        }
    }

    @Override
    public void run() {
        try {
            if (queue.size() == 0) {
                probe();
            }
            while (running) {
                Mail mail = queue.head(1, TimeUnit.SECONDS);
                if (mail != null && running) {
                    deliver(mail);
                }
                if (queue.size() == 0) {
                    smtp.disconnect();
                }
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } finally {
            smtp.disconnect();
        }
    }

    private void probe() {
        try {
            smtp.probe();
        } catch (SmtpFailure e) {
            serverDown = true;
            LOG.warn("Mail {}: SMTP server {} is not usable now ({}); mail waits in {} until it is", settings.name(),
                    settings.server(), e.getMessage(), outbox.folder());
        }
    }

    private void deliver(Mail mail) throws InterruptedException {
        try {
            smtp.send(mail);
            done(mail);
            backoff.reset();
            if (serverDown) {
                serverDown = false;
                LOG.info("Mail {}: {} accepts mail again; {} message(s) still queued", settings.name(), settings.server(), queue.size());
            }
            LOG.debug("Mail {}: sent \"{}\"", settings.name(), mail.subject());
        } catch (SmtpFailure e) {
            counts.failed();
            if (e.permanent()) {
                counts.drop();
                LOG.error("Mail {}: {} rejected \"{}\": {}; the message is dropped", settings.name(), settings.server(),
                        mail.subject(), e.getMessage());
                done(mail);
                return;
            }
            long wait = backoff.next();
            if (!serverDown) {
                serverDown = true;
                LOG.warn("Mail {}: {} does not take mail ({}); retrying with backoff up to {} ms, {} message(s) queued",
                        settings.name(), settings.server(), e.getMessage(), settings.retryMaxMillis(), queue.size());
            } else {
                LOG.debug("Mail {}: still failing ({}); next attempt in {} ms", settings.name(), e.getMessage(), wait);
            }
            Thread.sleep(wait);
        }
    }

    private void done(Mail mail) {
        outbox.delete(mail);
        queue.remove(mail);
    }
}
