package org.ipfailover.detector.internal;

import java.util.Map;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.api.config.InvalidConfigurationException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code org.ipfailover.group} configuration, offered to the detector as a service. A
 * configuration that does not check out is reported and not used; an update that does not check
 * out leaves the previous settings in place.
 */
@Component(service = GroupDefinition.class, configurationPid = GroupConfig.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = GroupConfig.class, factory = true)
public class GroupDefinition {
    private static final Logger LOG = LoggerFactory.getLogger(GroupDefinition.class);

    private volatile GroupSettings settings;

    @Activate
    public GroupDefinition(GroupConfig config, Map<String, Object> properties) {
        settings = check(config, properties);
        if (settings == null) {
            LOG.warn("Group from {} is not used until its configuration is fixed", ConfigurationCheck.sourceOf(properties));
        }
    }

    @Modified
    void modified(GroupConfig config, Map<String, Object> properties) {
        GroupSettings next = check(config, properties);
        if (next != null) {
            settings = next;
        } else if (settings != null) {
            LOG.warn("Group {} keeps its previous configuration", settings.name());
        }
    }

    /** @return the settings, or null while the configuration has never checked out */
    GroupSettings settings() {
        return settings;
    }

    private static GroupSettings check(GroupConfig config, Map<String, Object> properties) {
        try {
            ConfigurationCheck check = ConfigurationCheck.of(properties).types(GroupConfig.class).orThrow(LOG::error);
            GroupSettings parsed = GroupSettings.of(config, properties, check);
            check.orThrow(LOG::error);
            return parsed;
        } catch (InvalidConfigurationException e) {
            return null;
        }
    }
}
