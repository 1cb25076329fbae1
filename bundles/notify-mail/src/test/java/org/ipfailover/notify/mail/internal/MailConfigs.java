package org.ipfailover.notify.mail.internal;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.test.support.Configs;

/** Configurations as Declarative Services would hand them to the notifier, for tests outside the framework. */
final class MailConfigs {
    private MailConfigs() {
    }

    /** @return what GreenMail received for the recipient; its walk over its users is retried when a delivery adds one meanwhile */
    static List<MimeMessage> receivedBy(GreenMail server, String recipient) {
        while (true) {
            try {
                return server.findReceivedMessages(user -> user.getEmail().equals(recipient), message -> true).toList();
            } catch (ConcurrentModificationException addedMeanwhile) {
                Thread.onSpinWait();
            }
        }
    }

    /** @return a configuration for GreenMail on 127.0.0.1:port, with quick retries, the outbox under {@code home} */
    static Map<String, Object> smtp(int port, Path home) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("service.pid", MailConfig.FACTORY_PID + "~ops");
        properties.put("host", "127.0.0.1");
        properties.put("port", port);
        properties.put("from", "ipfailover@example.org");
        properties.put("to", new String[] {"admin@example.org, oncall@example.org"});
        properties.put("retryInitial", 50L);
        properties.put("retryMax", 200L);
        properties.put("connectionTimeout", 2000);
        properties.put("readTimeout", 5000);
        properties.put("outbox", home.resolve("var/outbox").toString());
        return properties;
    }

    static MailConfig config(Map<String, ?> properties) {
        return Configs.of(MailConfig.class, properties);
    }

    /** @return the settings, or an AssertionError naming the problems */
    static MailSettings settings(Map<String, ?> properties, Path home) {
        ConfigurationCheck check = ConfigurationCheck.of(properties).types(MailConfig.class);
        MailSettings settings = MailSettings.of(config(properties), properties, home::resolve, check);
        if (!check.problems().isEmpty()) {
            throw new AssertionError(check.problems());
        }
        return settings;
    }

    static List<String> problems(Map<String, ?> properties, Path home) {
        ConfigurationCheck check = ConfigurationCheck.of(properties).types(MailConfig.class);
        if (check.problems().isEmpty()) {
            MailSettings.of(config(properties), properties, home::resolve, check);
        }
        return check.problems();
    }

    static Map<String, Object> with(Map<String, Object> properties, String key, Object value) {
        Map<String, Object> changed = new HashMap<>(properties);
        changed.put(key, value);
        return changed;
    }
}
