package org.ipfailover.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.ipfailover.process.internal.ProcessCommand;
import org.ipfailover.process.internal.ProcessRunner;
import org.ipfailover.process.internal.RunningCommand;
import org.ipfailover.test.support.Await;
import org.ipfailover.test.support.Needs;
import org.ipfailover.test.support.StrictJson;

/**
 * Debian's chromium, headless, in a lab host's namespace, driven through the DevTools protocol
 * (over {@link org.ipfailover.run.lab.DevToolsPipe}, since its port is on that namespace's
 * loopback): one page to navigate, evaluate JavaScript in and capture. {@link #close()} ends the
 * browser with every process it forked, and the pipe, and removes its profile folder.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    private final ProcessRunner runner = new ProcessRunner("chromium");
    private final Path profile;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final Map<Integer, CompletableFuture<Map<String, Object>>> calls = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private RunningCommand browser;
    private Process pipe;
    private OutputStream toBrowser;
    private String session;

    /** Skips the test where chromium is not installed, unless IPFAILOVER_REQUIRE_NETNS is set (CI): there it fails. */
    static void require() {
        boolean installed = Stream.of(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, "chromium")));
        Needs.that(installed, "chromium is not installed (apt-get install chromium)");
    }

    /** Starts chromium on about:blank in the namespace and attaches to its page. */
    HeadlessChromium(String namespace) throws IOException, InterruptedException {
        profile = Files.createTempDirectory("ipfailover-chromium-");
        try {
            start(namespace);
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private void start(String namespace) throws IOException, InterruptedException {
        browser = runner.spawn(ProcessCommand.untilStopped(List.of("ip", "netns", "exec", namespace, "chromium", "--headless=new",
                "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank"))
                .mergeErrors().onLine((line, error) -> output.add(line)));
        Path activePort = profile.resolve("DevToolsActivePort");
        Await.awaitTrue("chromium's DevTools port (its output: " + output + ")", LabSuite.SETTLE,
                () -> lines(activePort).size() >= 2 || browser.result().isDone());
        if (browser.result().isDone()) {
            throw new IOException("chromium ended: " + output);
        }
        List<String> port = lines(activePort);
        String url = "ws://127.0.0.1:" + port.get(0).trim() + port.get(1).trim();
        pipe = new ProcessBuilder("ip", "netns", "exec", namespace, "java", "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", NetnsLab.RUN_JAR.toString(), "org.ipfailover.run.lab.DevToolsPipe", url)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        toBrowser = pipe.getOutputStream();
        Thread reader = new Thread(this::read, "devtools-" + namespace);
        reader.setDaemon(true);
        reader.start();
        String page = null;
        for (Object target : StrictJson.array(call(null, "Target.getTargets", "{}").get("targetInfos"))) {
            Map<String, Object> info = StrictJson.object(target);
            if ("page".equals(info.get("type"))) {
                page = (String) info.get("targetId");
            }
        }
        if (page == null) {
            throw new IOException("chromium has no page: " + output);
        }
        session = (String) call(null, "Target.attachToTarget", "{\"targetId\":" + quote(page) + ",\"flatten\":true}").get("sessionId");
        call(session, "Page.enable", "{}");
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    /** Loads the page and waits until its load event. */
    void navigate(String url) throws IOException, InterruptedException {
        Map<String, Object> result = call(session, "Page.navigate", "{\"url\":" + quote(url) + "}");
        if (result.get("errorText") != null) {
            throw new IOException("chromium could not load " + url + ": " + result.get("errorText"));
        }
        Await.awaitTrue(url + " to be loaded", LabSuite.SETTLE, () -> "complete".equals(evaluate("document.readyState")));
    }

    /**
     * @param expression JavaScript, evaluated in the page; a promise is awaited
     * @return its value as JSON gives it (strings, numbers as BigDecimal, booleans, lists, maps, null)
     */
    Object evaluate(String expression) throws IOException, InterruptedException {
        Map<String, Object> result = call(session, "Runtime.evaluate", "{\"expression\":" + quote(expression)
                + ",\"returnByValue\":true,\"awaitPromise\":true}");
        if (result.get("exceptionDetails") != null) {
            throw new IOException("the page threw on " + expression + ": " + result.get("exceptionDetails"));
        }
        return StrictJson.object(result.get("result")).get("value");
    }

    /** Saves a PNG of the page as it shows now. */
    void screenshot(Path file) throws IOException, InterruptedException {
        String png = (String) call(session, "Page.captureScreenshot", "{\"format\":\"png\"}").get("data");
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(png));
    }

    private Map<String, Object> call(String target, String method, String params) throws IOException, InterruptedException {
        int id = ids.incrementAndGet();
        CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
        calls.put(id, answer);
        String message = "{\"id\":" + id + (target != null ? ",\"sessionId\":" + quote(target) : "") + ",\"method\":" + quote(method)
                + ",\"params\":" + params + "}\n";
        synchronized (this) {
            toBrowser.write(message.getBytes(StandardCharsets.UTF_8));
            toBrowser.flush();
        }
        try {
            Map<String, Object> reply = answer.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (reply.get("error") != null) {
                throw new IOException(method + " failed: " + reply.get("error"));
            }
            return StrictJson.object(reply.get("result"));
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(method + ": no answer from chromium (" + e + "); its output: " + output, e);
        } finally {
            calls.remove(id);
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(pipe.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                Map<String, Object> message = StrictJson.object(StrictJson.parse(line));
                if (message.get("id") instanceof Number id) {
                    CompletableFuture<Map<String, Object>> answer = calls.get(id.intValue());
                    if (answer != null) {
                        answer.complete(message);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            calls.values().forEach(answer -> answer.completeExceptionally(e));
        }
        calls.values().forEach(answer -> answer.completeExceptionally(new IOException("the DevTools pipe closed")));
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    /** @return what chromium wrote so far, for failure messages */
    List<String> output() {
        return new ArrayList<>(output);
    }

    @Override
    public void close() throws InterruptedException {
        if (pipe != null) {
            pipe.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (browser != null) {
            browser.stop();
            try {
                browser.result().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                System.err.println("chromium " + browser.pid() + " did not end: " + e);
            }
        }
        runner.close();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + profile + ": " + e);
        }
    }
}
