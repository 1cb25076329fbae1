package org.ipfailover.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's HTTP server over TLS with basic authentication, as org.ipfailover.http configures
 * it: a key store made here with keytool, passwords in files of mode 0600, a free port on
 * 127.0.0.1. A configuration that does not check out is reported and the server keeps its last
 * good settings; the status page is behind the same authentication, and read-only. The node has
 * no group: it moves no address.
 */
class MetricsHttpIT {
    private static final String STORE_PASSWORD = "store-secret";
    private static final String USER = "prometheus";
    private static final String PASSWORD = "scrape-secret";

    @TempDir
    Path home;

    @Test
    void httpsWithBasicAuthenticationAndABadChangeKeepsTheLastGoodSettings() throws Exception {
        Path conf = Files.createDirectories(home.resolve("conf"));
        Path store = conf.resolve("http.p12");
        keytool("-genkeypair", "-alias", "ipfailover", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        secret(conf.resolve("http.pass"), STORE_PASSWORD);
        secret(conf.resolve("prometheus.pass"), PASSWORD);
        int port = freePort();
        String settings = "port = " + port + "\nkeyStore = conf/http.p12\nkeyStorePasswordFile = conf/http.pass\n"
                + "username = " + USER + "\n";
        Files.writeString(conf.resolve("org.ipfailover.http.cfg"), settings + "passwordFile = conf/prometheus.pass\n");
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(store)).connectTimeout(Duration.ofSeconds(5)).build();
        URI metrics = URI.create("https://127.0.0.1:" + port + "/metrics");

        try (NodeProcess node = NodeProcess.start(home)) {
            node.await("/metrics over HTTPS", NodeProcess.START_TIMEOUT, () -> status(client, metrics, null) == 401);
            HttpResponse<String> anonymous = get(client, metrics, null);
            assertEquals(401, anonymous.statusCode());
            assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm=\"ipfailover\""));
            assertEquals(401, status(client, metrics, USER + ":wrong"));
            HttpResponse<String> scraped = get(client, metrics, USER + ":" + PASSWORD);
            assertEquals(200, scraped.statusCode());
            assertTrue(scraped.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                    scraped.headers().toString());
            URI page = URI.create("https://127.0.0.1:" + port + "/");
            assertEquals(401, status(client, page, null), "the status page is behind the same authentication");
            HttpResponse<String> shown = get(client, page, USER + ":" + PASSWORD);
            assertEquals(200, shown.statusCode());
            assertTrue(shown.body().contains("<script src=\"status.js\""), shown.body());
            assertEquals(404, status(client, URI.create("https://127.0.0.1:" + port + "/nothing"), USER + ":" + PASSWORD));
            HttpResponse<String> posted = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/status.json"))
                    .header("Authorization", basic(USER + ":" + PASSWORD)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(405, posted.statusCode(), "the status page is read-only");
            assertEquals("GET, HEAD", posted.headers().firstValue("Allow").orElse(""));

            Path shared = conf.resolve("shared.pass");
            Files.writeString(shared, "other\n");
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r--r--"));
            Files.writeString(conf.resolve("org.ipfailover.http.cfg"), settings + "passwordFile = conf/shared.pass\n");
            node.await("the shared password file to be refused", NodeProcess.START_TIMEOUT, () -> errors(node).size() == 1);
            assertTrue(errors(node).get(0).contains("key 'passwordFile'") && errors(node).get(0).contains("chmod 600"), errors(node).get(0));
            assertEquals(200, status(client, metrics, USER + ":" + PASSWORD), "the last good settings stay");
            assertEquals(401, status(client, metrics, USER + ":other"));
        }
    }

    private static List<String> errors(NodeProcess node) {
        try {
            return node.logLines().stream().filter(line -> line.contains("ERROR") && line.contains("org.ipfailover.http.cfg")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static int status(HttpClient client, URI uri, String credentials) {
        try {
            return get(client, uri, credentials).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static HttpResponse<String> get(HttpClient client, URI uri, String credentials) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (credentials != null) {
            request.header("Authorization", basic(credentials));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    /** Trusts the node's own certificate only. */
    private static SSLContext trusting(Path store) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("node", keys.getCertificate("ipfailover"));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static void secret(Path file, String value) throws IOException {
        Files.writeString(file, value + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), "keytool: " + out);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
