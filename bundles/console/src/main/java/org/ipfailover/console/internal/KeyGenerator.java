package org.ipfailover.console.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/** {@code failover:keygen}: a new heartbeat key, 32 random bytes as hex text, in a file only its owner can read. */
final class KeyGenerator {
    static final int KEY_BYTES = 32;

    private final SecureRandom random;

    KeyGenerator(SecureRandom random) {
        this.random = random;
    }

    String newKey() {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        return HexFormat.of().formatHex(key);
    }

    /** @throws java.nio.file.FileAlreadyExistsException when the file exists and {@code replace} is false */
    void write(Path file, boolean replace) throws IOException {
        AtomicFiles.write(file, (newKey() + "\n").getBytes(StandardCharsets.US_ASCII), AtomicFiles.OWNER_ONLY, replace);
    }
}
