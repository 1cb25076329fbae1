package org.ipfailover.detector.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.ipfailover.api.GroupState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every group's state, written before the transition's effects (temporary file, fsync, atomic
 * rename), so that a restarted node knows what it held.
 */
final class StateJournal {
    private static final Logger LOG = LoggerFactory.getLogger(StateJournal.class);
    static final String FILE = "groups.journal";

    private final Path file;
    private final Map<String, GroupState> states = new TreeMap<>();
    /** Why the last write failed, while what is on disk is behind what is in memory. */
    private String unwritten;
    /** States staged since the last write. */
    private boolean staged;

    StateJournal(Path folder) {
        this.file = folder.resolve(FILE);
    }

    Map<String, GroupState> read() {
        Map<String, GroupState> read = new HashMap<>();
        if (!Files.exists(file)) {
            return read;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            LOG.error("State journal {} is unreadable ({}): starting without it", file, e.getMessage());
            return read;
        }
        for (String group : properties.stringPropertyNames()) {
            try {
                read.put(group, GroupState.valueOf(properties.getProperty(group).trim()));
            } catch (IllegalArgumentException e) {
                LOG.warn("State journal {}: group {} has an unknown state \"{}\"", file, group, properties.getProperty(group));
            }
        }
        synchronized (states) {
            states.putAll(read);
        }
        return read;
    }

    /** @return null when written (or nothing changed), else why the journal could not be written */
    String write(String group, GroupState state) {
        synchronized (states) {
            stage(group, state);
            return commit();
        }
    }

    /** Records the state for the next {@link #commit()}, which writes every state staged since in one file write. */
    void stage(String group, GroupState state) {
        synchronized (states) {
            if (states.get(group) != state) {
                states.put(group, state);
                staged = true;
            }
        }
    }

    /** @return null when written (or nothing was staged), else why the journal could not be written */
    String commit() {
        synchronized (states) {
            return staged || unwritten != null ? flush() : null;
        }
    }

    /** @return null when written, else why the journal could not be written */
    String forget(String group) {
        synchronized (states) {
            if (states.remove(group) != null || unwritten != null) {
                return flush();
            }
            return null;
        }
    }

    Path file() {
        return file;
    }

    private String flush() {
        StringBuilder text = new StringBuilder("# ipfailover state journal: each group's state on this node\n");
        states.forEach((group, state) -> text.append(group).append('=').append(state.name()).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(FILE + ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING); OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                out.write(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.flush();
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            unwritten = null;
            staged = false;
            return null;
        } catch (IOException e) {
            String problem = e.getMessage() == null ? e.toString() : e.getMessage();
            if (!problem.equals(unwritten)) {
                LOG.error("State journal {} could not be written: {}", file, problem);
            }
            unwritten = problem;
            return problem;
        }
    }
}
