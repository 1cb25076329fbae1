package org.ipfailover.actions.afp.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * What the plist held before this node relocated the key, and what it set, kept in the node's var/
 * folder so that a node restarted while holding the group can still put the old value back.
 *
 * @param previous the value before the takeover, or null when the key was not set
 * @param applied the value this node set
 */
record RestoreState(Path plist, String previous, String applied) {

    static Optional<RestoreState> read(Path file) throws AfpException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            throw new AfpException("cannot read the state file " + file + ": " + e.getMessage());
        }
        String plist = properties.getProperty("plist");
        String applied = properties.getProperty("applied");
        if (plist == null || applied == null) {
            throw new AfpException("the state file " + file + " lacks plist or applied; remove it once the plist is checked");
        }
        return Optional.of(new RestoreState(Path.of(plist), properties.getProperty("previous"), applied));
    }

    void write(Path file) throws AfpException {
        Properties properties = new Properties();
        properties.setProperty("plist", plist.toString());
        properties.setProperty("applied", applied);
        if (previous != null) {
            properties.setProperty("previous", previous);
        }
        StringWriter text = new StringWriter();
        try {
            properties.store(text, "reconnectKeyLocation before this node's takeover; absent previous: the key was not set");
            Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicFile.write(file, text.toString().getBytes(StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            throw new AfpException("cannot write the state file " + file + ": " + e);
        }
    }

    static void delete(Path file) throws AfpException {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new AfpException("cannot remove the state file " + file + ": " + e);
        }
    }
}
