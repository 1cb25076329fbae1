package org.ipfailover.http.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/** HTTP basic authentication (RFC 7617) against one user and password. */
final class BasicAuth {
    static final String CHALLENGE = "Basic realm=\"ipfailover\", charset=\"UTF-8\"";
    private static final String SCHEME = "basic ";

    private final byte[] expected;

    BasicAuth(String username, String password) {
        this.expected = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param header the request's {@code Authorization} header, or null
     * @return whether it names the user with the right password
     */
    boolean accepts(String header) {
        if (header == null || header.length() <= SCHEME.length() || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(header.substring(SCHEME.length()).trim());
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        return MessageDigest.isEqual(expected, given);
    }
}
