package org.ipfailover.actions.shell.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Copies one output stream of a script into the log, line by line, prefixed with the script's name. */
final class OutputPump implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(OutputPump.class);

    private final InputStream stream;
    private final String label;
    private final boolean errors;
    private final OutputTail tail;

    private OutputPump(InputStream stream, String label, boolean errors, OutputTail tail) {
        this.stream = stream;
        this.label = label;
        this.errors = errors;
        this.tail = tail;
    }

    /** @param errors whether this is standard error, logged as warnings */
    static Thread start(InputStream stream, String label, boolean errors, OutputTail tail) {
        Thread thread = new Thread(new OutputPump(stream, label, errors, tail),
                "ipfailover-shell-" + label + (errors ? "-stderr" : "-stdout"));
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void run() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (errors) {
                    LOG.warn("{}: {}", label, line);
                } else {
                    LOG.info("{}: {}", label, line);
                }
                tail.add(line);
            }
        } catch (IOException e) {
            LOG.debug("{}: output ended: {}", label, e.toString());
        }
    }
}
