package org.ipfailover.console.internal;

import java.util.Locale;
import org.ipfailover.api.config.InvalidConfigurationException;
import org.osgi.framework.Bundle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts what the framework and its services (SCR, ConfigAdmin, FileInstall) log through the OSGi
 * Log Service into the node's log, under {@code osgi.<bundle>} and {@code osgi.events.*}.
 */
@Component(immediate = true)
public class OsgiLogForwarder implements LogListener {
    private final LogReaderService reader;

    @Activate
    public OsgiLogForwarder(@Reference LogReaderService reader) {
        this.reader = reader;
        reader.addLogListener(this);
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
    }

    @Override
    public void logged(LogEntry entry) {
        Logger log = LoggerFactory.getLogger(loggerName(entry));
        Throwable failure = entry.getException();
        String message = entry.getMessage();
        if (failure instanceof InvalidConfigurationException) {
            // the component has logged each problem already, one line each
            log.debug("{}: {}", message, failure.getMessage());
            return;
        }
        switch (entry.getLogLevel()) {
            case AUDIT, ERROR -> log.error(message, failure);
            case WARN -> log.warn(message, failure);
            case INFO -> log.info(message, failure);
            case DEBUG -> log.debug(message, failure);
            default -> log.trace(message, failure);
        }
    }

    private static String loggerName(LogEntry entry) {
        String name = entry.getLoggerName();
        if (name != null && name.startsWith("Events.")) {
            return "osgi.events." + name.substring("Events.".length()).toLowerCase(Locale.ROOT);
        }
        Bundle bundle = entry.getBundle();
        return "osgi." + (bundle != null && bundle.getSymbolicName() != null ? bundle.getSymbolicName() : "framework");
    }
}
