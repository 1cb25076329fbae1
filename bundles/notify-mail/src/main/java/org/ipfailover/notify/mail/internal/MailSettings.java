package org.ipfailover.notify.mail.internal;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.config.ConfigurationCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One notifier's configuration, checked. */
record MailSettings(String name, String host, int port, Security security, String tlsTrust, String username, String password,
        InternetAddress from, List<InternetAddress> to, Set<FailoverEvent.Type> events, Template subject, Template body,
        int queueCapacity, long retryInitialMillis, long retryMaxMillis, int connectionTimeoutMillis, int readTimeoutMillis,
        long flapWindowMillis, Path outbox) {
    private static final Logger LOG = LoggerFactory.getLogger(MailSettings.class);

    MailSettings {
        to = List.copyOf(to);
        events = Set.copyOf(events);
    }

    /** @return where the server is, for messages */
    String server() {
        return host + ":" + port + (security == Security.NONE ? "" : " (" + security + ")");
    }

    /**
     * @param resolve resolves a configured path against the node's home
     * @return the settings; problems go to {@code check}, and the settings are not to be used when there are any
     */
    static MailSettings of(MailConfig config, Map<String, ?> properties, Function<String, Path> resolve, ConfigurationCheck check) {
        String name = config.name().isBlank()
                ? ConfigurationCheck.instanceNameOf(properties, MailConfig.FACTORY_PID).orElse(null) : config.name().trim();
        check.check(name != null && name.matches("[A-Za-z0-9_.-]{1,64}"), "name",
                "\"" + name + "\" is not a notifier name (letters, digits, _ . -; at most 64)");
        String host = config.host().trim();
        check.check(!host.isEmpty(), "host", "must name the SMTP server, e.g. host = smtp.example.org");
        check.check(config.port() >= 1 && config.port() <= 65535, "port", config.port() + " is not within 1..65535");
        Security security = Security.of(config.security());
        check.check(security != null, "security", "\"" + config.security() + "\" is not one of none, starttls, starttls-required, smtps");
        String username = config.username().trim();
        String password = password(config, username, resolve, check);
        InternetAddress from = from(config.from(), check);
        List<InternetAddress> to = recipients(config.to(), check);
        Set<FailoverEvent.Type> events = events(config.events(), check);
        List<String> problems = new ArrayList<>();
        Template subject = Template.parse(config.subject().isBlank() ? MailFormatter.DEFAULT_SUBJECT : config.subject(),
                MailFormatter.PLACEHOLDERS, problems);
        problems.forEach(problem -> check.problem("subject", problem));
        problems.clear();
        Template body = Template.parse(config.body().isBlank() ? MailFormatter.DEFAULT_BODY : config.body(),
                MailFormatter.PLACEHOLDERS, problems);
        problems.forEach(problem -> check.problem("body", problem));
        check.check(config.queueCapacity() >= 1, "queueCapacity", "must be at least 1");
        check.check(config.retryInitial() >= 1, "retryInitial", "must be at least 1 ms");
        check.check(config.retryMax() >= config.retryInitial(), "retryMax", "must be at least retryInitial (" + config.retryInitial() + " ms)");
        check.check(config.connectionTimeout() >= 1, "connectionTimeout", "must be at least 1 ms");
        check.check(config.readTimeout() >= 1, "readTimeout", "must be at least 1 ms");
        check.check(config.flapWindow() >= 0, "flapWindow", "must not be negative");
        check.check(!config.outbox().isBlank(), "outbox", "must name a folder, e.g. outbox = var/outbox");
        Path outbox = config.outbox().isBlank() || name == null ? null : resolve.apply(config.outbox().trim()).resolve(name);
        return new MailSettings(name, host, config.port(), security, config.tlsTrust().trim(), username, password, from, to, events,
                subject, body, config.queueCapacity(), config.retryInitial(), config.retryMax(), config.connectionTimeout(),
                config.readTimeout(), config.flapWindow(), outbox);
    }

    private static String password(MailConfig config, String username, Function<String, Path> resolve, ConfigurationCheck check) {
        String configured = config.passwordFile().trim();
        if (configured.isEmpty()) {
            check.check(username.isEmpty(), "passwordFile", "must name the file holding the password of user " + username);
            return null;
        }
        check.check(!username.isEmpty(), "username", "must name the user whose password is in " + configured);
        Path file = resolve.apply(configured);
        try {
            String password = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            check.check(!password.isEmpty(), "passwordFile", file + " is empty");
            warnIfShared(file, check.source());
            return password;
        } catch (IOException e) {
            check.problem("passwordFile", file + " cannot be read: " + e);
            return null;
        }
    }

    private static void warnIfShared(Path file, String source) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("{}: key 'passwordFile': {} is readable by other users; make it readable by the node's user only (chmod 600)",
                        source, file);
            }
        } catch (UnsupportedOperationException notPosix) {
            // nothing to check on this file system
        }
    }

    private static InternetAddress from(String text, ConfigurationCheck check) {
        if (text.isBlank()) {
            check.problem("from", "must name the sender, e.g. from = ipfailover@example.org");
            return null;
        }
        try {
            InternetAddress address = new InternetAddress(text.trim(), true);
            address.validate();
            return address;
        } catch (AddressException e) {
            check.problem("from", "\"" + text.trim() + "\" is not a mail address: " + e.getMessage());
            return null;
        }
    }

    private static List<InternetAddress> recipients(String[] values, ConfigurationCheck check) {
        List<InternetAddress> recipients = new ArrayList<>();
        boolean unparsable = false;
        for (String value : values) {
            try {
                for (InternetAddress address : InternetAddress.parse(value, true)) {
                    address.validate();
                    recipients.add(address);
                }
            } catch (AddressException e) {
                unparsable = true;
                check.problem("to", "\"" + value.trim() + "\" is not a list of mail addresses: " + e.getMessage());
            }
        }
        check.check(unparsable || !recipients.isEmpty(), "to",
                "must name at least one recipient, e.g. to = admin@example.org, oncall@example.org");
        return recipients;
    }

    private static Set<FailoverEvent.Type> events(String[] values, ConfigurationCheck check) {
        Set<FailoverEvent.Type> events = EnumSet.noneOf(FailoverEvent.Type.class);
        for (String item : ConfigurationCheck.items(values)) {
            try {
                events.add(FailoverEvent.Type.valueOf(item.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                check.problem("events", "\"" + item + "\" is not an event type; known: " + List.of(FailoverEvent.Type.values()));
            }
        }
        return events;
    }
}
