package org.ipfailover.checks.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class FailuresTest {
    static final Duration TIMEOUT = Duration.ofMillis(250);

    @Test
    void theFailuresOperatorsMeetAreSaidInTheirWords() {
        assertEquals("connection refused", Failures.describe(new ConnectException("Connection refused"), TIMEOUT));
        assertEquals("no route to host", Failures.describe(new ConnectException("No route to host"), TIMEOUT));
        assertEquals("timed out after 250 ms", Failures.describe(new SocketTimeoutException("Connect timed out"), TIMEOUT));
        assertEquals("unknown host web.invalid", Failures.describe(new UnknownHostException("web.invalid"), TIMEOUT));
    }

    @Test
    void theHttpClientsWrappedFailuresAreFoundBelowTheWrapping() {
        ConnectException refused = new ConnectException();
        refused.initCause(new ClosedChannelException());
        assertEquals("connection refused", Failures.describe(new CompletionException(refused), TIMEOUT));
        assertEquals("timed out after 250 ms", Failures.describe(new IOException(new HttpConnectTimeoutException("HTTP connect timed out")),
                TIMEOUT));
        assertEquals("connection closed", Failures.describe(new IOException(new ClosedChannelException()), TIMEOUT));
    }

    @Test
    void anythingElseIsItsMessageOrItsType() {
        assertEquals("broken pipe", Failures.describe(new IOException("Broken pipe"), TIMEOUT));
        assertEquals("IOException", Failures.describe(new IOException(), TIMEOUT));
    }
}
