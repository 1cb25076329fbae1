package org.ipfailover.notify.mail.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.api.config.ConfigurationRules;
import org.ipfailover.api.config.ConfigurationValues;
import org.ipfailover.api.config.InvalidConfigurationException;

/** What the mail notifier refuses in its configuration (its password file included), for {@code ipfailover check-config}. */
public final class MailRules implements ConfigurationRules {
    @Override
    public Set<String> pids() {
        return Set.of(MailConfig.FACTORY_PID);
    }

    @Override
    public List<String> problems(String pid, Map<String, Object> properties, Path home) {
        try {
            ConfigurationCheck check = ConfigurationCheck.of(properties).types(MailConfig.class).orThrow();
            MailSettings.of(ConfigurationValues.of(MailConfig.class, properties), properties,
                    path -> home.resolve(path).toAbsolutePath().normalize(), check);
            return check.problems();
        } catch (InvalidConfigurationException e) {
            return e.problems();
        }
    }
}
