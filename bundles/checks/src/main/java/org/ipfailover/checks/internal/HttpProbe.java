package org.ipfailover.checks.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.felix.hc.api.Result;

/** Asks a URL with GET and reads the answer to its end, within the timeout whatever the server does. */
record HttpProbe(HttpClient client, URI url, StatusRange expect, Duration timeout) implements Probe {
    static final String USER_AGENT = "ipfailover-check";

    @Override
    public Result probe() {
        HttpRequest request = HttpRequest.newBuilder(url).GET().timeout(timeout).header("User-Agent", USER_AGENT).build();
        CompletableFuture<HttpResponse<Void>> answer = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            int status = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS).statusCode();
            return expect.contains(status) ? new Result(Result.Status.OK, "HTTP " + status)
                    : new Result(Result.Status.CRITICAL, "HTTP " + status + " (expected " + expect + ")");
        } catch (TimeoutException e) {
            answer.cancel(true);
            return new Result(Result.Status.CRITICAL, url + ": " + Failures.timedOut(timeout));
        } catch (ExecutionException e) {
            return new Result(Result.Status.CRITICAL, url + ": " + Failures.describe(e.getCause(), timeout));
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            return new Result(Result.Status.CRITICAL, url + ": interrupted");
        }
    }
}
