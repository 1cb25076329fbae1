package org.ipfailover.status.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A file of the page, read once from the bundle's resources.
 *
 * @param contentType its media type
 * @param bytes its content
 */
record Asset(String contentType, byte[] bytes) {
    static Asset load(String resource, String contentType) {
        try (InputStream in = Asset.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the bundle lacks " + resource);
            }
            return new Asset(contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }
}
