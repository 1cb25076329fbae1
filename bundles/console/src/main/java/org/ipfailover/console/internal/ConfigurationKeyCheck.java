package org.ipfailover.console.internal;

import java.util.Collections;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.ipfailover.api.config.ConfigurationCheck;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.MetaTypeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the keys of every ipfailover configuration as ConfigAdmin hands it to a component
 * (Declarative Services asks for the plugin-processed properties). A key the PID's metatype does
 * not have is reported once, with the key it was meant to be. A key that differs from a real one
 * only in case is reported and kept from the component, which would otherwise publish both
 * spellings and fail to register its service: the configuration it last accepted stays in force
 * (at its first configuration, the key's default). Remembers what each PID was last given.
 */
@Component(service = {ConfigurationPlugin.class, ConfigurationListener.class, ConfigurationKeyCheck.class}, property = {
    ConfigurationPlugin.CM_RANKING + ":Integer=" + ConfigurationKeyCheck.RANKING,
    "config.plugin.id=" + ConfigurationKeyCheck.PLUGIN_ID})
public class ConfigurationKeyCheck implements ConfigurationPlugin, ConfigurationListener {
    /** Name it in the framework property felix.cm.config.plugins to have ConfigAdmin wait for it. */
    static final String PLUGIN_ID = "org.ipfailover.console.keys";
    /** Late among the plugins that may change a configuration (0 to 1000): it sees their result. */
    static final int RANKING = 900;
    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationKeyCheck.class);

    private final BundleContext context;
    private final MetaTypeService metatype;
    private final Map<String, Map<String, Object>> inForce = new ConcurrentHashMap<>();
    private final Map<String, Map<String, List<String>>> reported = new ConcurrentHashMap<>();

    @Activate
    public ConfigurationKeyCheck(BundleContext context, @Reference MetaTypeService metatype) {
        this.context = context;
        this.metatype = metatype;
    }

    @Override
    public void modifyConfiguration(ServiceReference<?> reference, Dictionary<String, Object> properties) {
        try {
            check(properties);
        } catch (RuntimeException e) {
            LOG.warn("Could not check the keys of configuration {}: {}", properties.get(Constants.SERVICE_PID), e.toString());
        }
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (event.getType() == ConfigurationEvent.CM_DELETED) {
            inForce.remove(event.getPid());
            reported.remove(event.getPid());
        }
    }

    /** @return the properties last handed to the components of a PID that passed their type check, or null when unknown */
    Map<String, Object> inForce(String pid) {
        return inForce.get(pid);
    }

    private void check(Dictionary<String, Object> properties) {
        Object pid = properties.get(Constants.SERVICE_PID);
        Object factoryPid = properties.get(ConfigurationAdmin.SERVICE_FACTORYPID);
        String designated = String.valueOf(factoryPid != null ? factoryPid : pid);
        if (pid == null || !designated.startsWith(MetatypeIndex.PREFIX)) {
            return;
        }
        MetatypeIndex.Designation designation = MetatypeIndex.of(context.getBundles(), metatype).get(designated);
        if (designation == null) {
            return;
        }
        Map<String, Object> given = Dictionaries.map(properties);
        PidKeys keys = PidKeys.of(designation);
        List<PidKeys.Stray> strays = keys.strays(given.keySet());
        Map<String, Object> previous = inForce.get(pid.toString());
        report(pid.toString(), keys, given, strays, previous != null);
        if (strays.stream().anyMatch(PidKeys.Stray::caseOnly)) {
            if (previous != null) {
                Collections.list(properties.keys()).forEach(properties::remove);
                previous.forEach(properties::put);
            } else {
                strays.stream().filter(PidKeys.Stray::caseOnly).forEach(stray -> properties.remove(stray.key()));
            }
        }
        Map<String, Object> delivered = Dictionaries.map(properties);
        if (ConfigurationTypes.problems(designation, delivered).isEmpty()) {
            inForce.put(pid.toString(), delivered);
        }
    }

    /** Once per content: Declarative Services asks once per component, and several may share a PID. */
    private void report(String pid, PidKeys keys, Map<String, Object> given, List<PidKeys.Stray> strays, boolean hadPrevious) {
        Map<String, List<String>> content = new TreeMap<>();
        given.forEach((key, value) -> content.put(key, ConfigurationCheck.texts(value)));
        if (content.equals(reported.put(pid, content))) {
            return;
        }
        String source = ConfigurationCheck.sourceOf(given);
        for (PidKeys.Stray stray : strays) {
            if (stray.caseOnly()) {
                LOG.error("{}; until then {}", keys.describe(source, stray), hadPrevious
                        ? "its previous configuration stays in force" : stray.realKey() + " keeps its default");
            } else {
                LOG.warn(keys.describe(source, stray));
            }
        }
    }
}
