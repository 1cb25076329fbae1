package org.ipfailover.test.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * What a logger and those below it write while a test runs, through logback. A log line is often
 * the only sign outside a component that it made a decision, such as refusing a configuration.
 * Inside a framework this needs logback's packages from the system bundle (see the test.bndrun
 * files that set -runsystempackages.logback).
 */
public final class LogLines implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Level configured;

    private LogLines(Logger logger) {
        this.logger = logger;
        this.configured = logger.getLevel();
        appender.start();
        logger.addAppender(appender);
    }

    /** @param name a logger name, e.g. a package: its lines and those of the loggers below it */
    public static LogLines of(String name) {
        return new LogLines((Logger) LoggerFactory.getLogger(name));
    }

    public static LogLines of(Class<?> type) {
        return of(type.getName());
    }

    /** Lets the logger write lines of this level too, for this test. */
    public LogLines atLevel(Level level) {
        logger.setLevel(level);
        return this;
    }

    /** @return the messages at {@code level} or above that contain every one of {@code parts} */
    public List<String> at(Level level, String... parts) {
        List<ILoggingEvent> events;
        synchronized (appender) {
            events = new ArrayList<>(appender.list);
        }
        return events.stream().filter(e -> e.getLevel().isGreaterOrEqual(level)).map(ILoggingEvent::getFormattedMessage)
                .filter(message -> List.of(parts).stream().allMatch(message::contains)).toList();
    }

    public boolean has(Level level, String... parts) {
        return !at(level, parts).isEmpty();
    }

    /** @return the first message at {@code level} or above that contains every one of {@code parts}, once it is written */
    public String await(Level level, String... parts) throws InterruptedException {
        Await.awaitValue("a " + level + " log line with " + List.of(parts), () -> this, lines -> lines.has(level, parts));
        return at(level, parts).get(0);
    }

    @Override
    public String toString() {
        return at(Level.TRACE).toString();
    }

    /** Stops recording, and gives the logger back its configured level. */
    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(configured);
    }
}
