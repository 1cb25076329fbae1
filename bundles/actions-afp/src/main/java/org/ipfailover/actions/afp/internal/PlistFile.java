package org.ipfailover.actions.afp.internal;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;
import com.dd.plist.PropertyListParser;
import com.dd.plist.XMLPropertyListWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A property list whose root is a dictionary, written back in the format it was read in. */
final class PlistFile {
    enum Format {
        XML("XML"), BINARY("binary");

        private final String label;

        Format(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final Path path;
    private final NSDictionary root;
    private final Format format;
    private final byte[] original;

    private PlistFile(Path path, NSDictionary root, Format format, byte[] original) {
        this.path = path;
        this.root = root;
        this.format = format;
        this.original = original;
    }

    Path path() {
        return path;
    }

    /** @return the root dictionary, to be changed before {@link #write()} */
    NSDictionary root() {
        return root;
    }

    Format format() {
        return format;
    }

    static PlistFile read(Path path) throws AfpException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new AfpException(path + " does not exist (is the AFP server set up on this node?)");
        } catch (IOException e) {
            throw new AfpException("cannot read " + path + ": " + e);
        }
        Format format = format(bytes);
        if (format == null) {
            throw new AfpException(path + " is neither an XML nor a binary property list");
        }
        NSObject root;
        try {
            root = PropertyListParser.parse(bytes);
        } catch (Exception e) {
            throw new AfpException(path + " is not a readable " + format + " property list: " + e.getMessage());
        }
        if (!(root instanceof NSDictionary dictionary)) {
            throw new AfpException(path + " holds a " + root.getClass().getSimpleName() + ", not a dictionary");
        }
        return new PlistFile(path, dictionary, format, bytes);
    }

    /** Fails early, before the backup and the state are written, when the file cannot be replaced. */
    void checkWritable() throws AfpException {
        Path folder = path.toAbsolutePath().getParent();
        if (!Files.isWritable(path) || !Files.isWritable(folder)) {
            throw new AfpException(path + " cannot be written (" + (Files.isWritable(path) ? "its folder is" : "it is")
                    + " read-only for this node): " + ReconnectKey.KEY + " not changed");
        }
    }

    /** Replaces the file with the (changed) root, in the original format, with its permissions. */
    void write() throws AfpException {
        try {
            AtomicFile.write(path, bytes(), path);
        } catch (IOException e) {
            throw new AfpException("cannot write " + path + ": " + e);
        }
    }

    /** Copies the file as it was read, before any change, to {@code backup}. */
    void backup(Path backup) throws AfpException {
        try {
            AtomicFile.write(backup, original, path);
        } catch (IOException e) {
            throw new AfpException("cannot write the backup " + backup + ": " + e);
        }
    }

    private byte[] bytes() throws AfpException {
        try {
            if (format == Format.BINARY) {
                return BinaryPropertyListWriter.writeToArray(root);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            XMLPropertyListWriter.write(root, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new AfpException("cannot encode " + path + " as a " + format + " property list: " + e.getMessage());
        }
    }

    private static Format format(byte[] bytes) {
        if (bytes.length >= 6 && new String(bytes, 0, 6, StandardCharsets.US_ASCII).equals("bplist")) {
            return Format.BINARY;
        }
        String start = new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.UTF_8).replace("\uFEFF", "").stripLeading();
        return start.startsWith("<") ? Format.XML : null;
    }
}
