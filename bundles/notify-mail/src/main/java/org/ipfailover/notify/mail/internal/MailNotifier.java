package org.ipfailover.notify.mail.internal;

import java.util.Map;
import java.util.ServiceConfigurationError;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.FailoverListener;
import org.ipfailover.api.NotifierQueue;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.api.config.InvalidConfigurationException;
import org.ipfailover.api.config.NodeHome;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code org.ipfailover.notify.mail} configuration: mails the events it is configured for.
 * It never throws on a configuration that does not check out (Declarative Services would not
 * try again once the file is fixed): it reports each problem and keeps its previous settings,
 * or sends nothing until the configuration is fixed.
 */
@Component(service = {FailoverListener.class, NotifierQueue.class}, configurationPid = MailConfig.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = MailConfig.class, factory = true)
public class MailNotifier implements FailoverListener, NotifierQueue {
    private static final Logger LOG = LoggerFactory.getLogger(MailNotifier.class);

    private final BundleContext context;
    private final Object lock = new Object();
    private final DeliveryCounts counts = new DeliveryCounts();
    private final String name;
    private Mailroom mailroom;

    @Activate
    public MailNotifier(BundleContext context, MailConfig config, Map<String, Object> properties) {
        this.context = context;
        this.name = config.name().isBlank() ? ConfigurationCheck.nameOf(properties, MailConfig.FACTORY_PID) : config.name().trim();
        configure(config, properties);
    }

    /** A configuration that does not check out leaves the mailroom as it is: the previous one, or none. */
    @Modified
    void configure(MailConfig config, Map<String, Object> properties) {
        MailSettings next = check(config, properties);
        Mailroom previous;
        synchronized (lock) {
            previous = mailroom;
        }
        if (next == null) {
            if (previous != null) {
                LOG.warn("Mail {} keeps its previous configuration", previous.settings().name());
            } else {
                LOG.warn("Mail notifier from {} sends nothing until its configuration is fixed", ConfigurationCheck.sourceOf(properties));
            }
            return;
        }
        if (previous != null) {
            previous.stop();
        }
        synchronized (lock) {
            mailroom = open(next, counts);
        }
    }

    @Deactivate
    void deactivate() {
        Mailroom stopping;
        synchronized (lock) {
            stopping = mailroom;
            mailroom = null;
        }
        if (stopping != null) {
            stopping.stop();
        }
    }

    /** Queues the mail and returns: the SMTP server is never waited for here. */
    @Override
    public void failoverEvent(FailoverEvent event) {
        synchronized (lock) {
            if (mailroom == null) {
                return;
            }
            try {
                mailroom.post(event);
            } catch (RuntimeException e) {
                LOG.error("Mail {}: {} {} not queued: {}", mailroom.settings().name(), event.type(), event.group(), e.toString());
            }
        }
    }

    @Override
    public String notifier() {
        return "mail " + name;
    }

    @Override
    public int queued() {
        synchronized (lock) {
            return mailroom == null ? 0 : mailroom.queued();
        }
    }

    @Override
    public long deliveryFailures() {
        return counts.failures();
    }

    @Override
    public long dropped() {
        return counts.dropped();
    }

    /** @return the started mailroom, or null when Jakarta Mail is not usable in this framework */
    private static Mailroom open(MailSettings settings, DeliveryCounts counts) {
        Mailroom opened;
        try {
            opened = new Mailroom(settings, counts);
        } catch (RuntimeException | ServiceConfigurationError e) {
            LOG.error("Mail {}: Jakarta Mail is not usable here ({}); is the bundle org.glassfish.hk2.osgi-resource-locator "
                    + "installed? Nothing is mailed until the notifier is configured again", settings.name(), e.toString());
            return null;
        }
        opened.start();
        LOG.info("Mail {}: {} to {} through {}", settings.name(), settings.events(), settings.to(), settings.server());
        return opened;
    }

    private MailSettings check(MailConfig config, Map<String, Object> properties) {
        try {
            ConfigurationCheck check = ConfigurationCheck.of(properties).types(MailConfig.class).orThrow(LOG::error);
            MailSettings settings = MailSettings.of(config, properties, path -> NodeHome.resolve(context, path), check);
            check.orThrow(LOG::error);
            return settings;
        } catch (InvalidConfigurationException e) {
            return null;
        }
    }
}
