package org.ipfailover.console.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes .cfg files into a node's conf/: all of them, or none when one is there already. */
final class ConfFiles {
    private ConfFiles() {
    }

    /**
     * @param force whether existing files are replaced
     * @return the files written
     * @throws FileAlreadyExistsException naming the files that exist, when {@code force} is false
     */
    static List<Path> write(List<HostconfigImport.Output> files, Path conf, boolean force) throws IOException {
        if (!force) {
            List<String> existing = files.stream().map(o -> conf.resolve(o.file())).filter(Files::exists).map(Path::toString).toList();
            if (!existing.isEmpty()) {
                throw new FileAlreadyExistsException(String.join(", ", existing));
            }
        }
        List<Path> written = new ArrayList<>();
        for (HostconfigImport.Output output : files) {
            Path target = conf.resolve(output.file());
            AtomicFiles.write(target, output.content().getBytes(StandardCharsets.UTF_8), AtomicFiles.CONFIGURATION, force);
            written.add(target);
        }
        return written;
    }

    /** .cfg files are read like Java properties: a backslash escapes, non-ASCII is safest as \\uXXXX. */
    static String escape(String value) {
        StringBuilder escaped = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\') {
                escaped.append("\\\\");
            } else if (c > 0x7e || c < 0x20) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
