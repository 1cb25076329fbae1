package org.ipfailover.notify.mail.internal;

import static org.ipfailover.test.support.Await.awaitTrue;
import static org.ipfailover.test.support.Await.awaitValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ipfailover.api.FailoverControl;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.FailoverListener;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.NetworkBackend;
import org.ipfailover.test.support.Groups;
import org.ipfailover.test.support.RecordingBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithFactoryConfiguration;

/**
 * The notifier in Felix with the detector, configured through ConfigAdmin, mailing through a real
 * SMTP server (GreenMail on 127.0.0.1): Jakarta Mail finds its provider here, a takeover is
 * mailed, mail queued while the server is down arrives once when it is back, and a takeover is no
 * slower with the server down than with it up.
 *
 * <p>Group web is declared for the whole class. The node's and the notifier's configurations are
 * written by the tests: they hold the test's temporary folder and the server's port, and the
 * tests remove and re-create them mid-way.
 */
@WithFactoryConfiguration(factoryPid = "org.ipfailover.group", name = "web", location = "?", properties = {
        @Property(key = "nodes", value = "pri, sec"), @Property(key = "vips", value = "eth0:198.51.100.10/24"),
        @Property(key = "failback", value = "manual")})
class MailNotifierIT {
    static final long TIMEOUT_MILLIS = 10_000;
    static final String ADMIN = "admin@example.org";
    static final String TAKEOVER_SUBJECT = "[ipfailover] TAKEOVER web: pri now holds 198.51.100.10 (no node holds the group)";

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    @TempDir
    Path home;

    int port;
    GreenMail server;
    int deliveredEarlier;
    Configuration notifier;
    final BlockingQueue<Seen> events = new LinkedBlockingQueue<>();
    final RecordingBackend backend = new RecordingBackend();
    final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    final List<Configuration> configurations = new ArrayList<>();

    record Seen(FailoverEvent event, long nanos) {
    }

    @BeforeEach
    void setUp() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        registrations.add(context.registerService(NetworkBackend.class, backend, null));
        // the detector calls its listeners in ascending ranking: this one after the notifier
        Hashtable<String, Object> last = new Hashtable<>(Map.of(Constants.SERVICE_RANKING, Integer.MAX_VALUE));
        registrations.add(context.registerService(FailoverListener.class, event -> events.add(new Seen(event, System.nanoTime())), last));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Configuration configuration : configurations) {
            configuration.delete();
        }
        awaitTrue("the detector and the notifier to stop", () -> context.getServiceReference(FailoverControl.class) == null
                && notifierReferences().isEmpty());
        registrations.forEach(ServiceRegistration::unregister);
        if (server != null) {
            server.stop();
        }
    }

    private void stopServer() {
        deliveredEarlier += receivedBy(ADMIN).size();
        server.stop();
    }

    /** @return how many mails the first recipient got, from every server started in this test */
    private int delivered() {
        return deliveredEarlier + receivedBy(ADMIN).size();
    }

    @Test
    void aTakeoverIsMailedFromInsideTheFramework() throws Exception {
        startServer();
        configureNotifier();
        FailoverControl control = configureDetector();
        awaitEvent(FailoverEvent.Type.TAKEOVER);
        MimeMessage mail = awaitMail(1).get(0);
        assertEquals(TAKEOVER_SUBJECT, mail.getSubject());
        String body = new String(mail.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        assertTrue(body.contains("Addresses: eth0:198.51.100.10/24\nHeld by:   pri\nState:     ACQUIRING -> UP\n"), body);
        assertTrue(body.strip().endsWith("More: ipfailover ctl failover:status"), body);
        assertEquals(GroupState.UP, Groups.state(control, "web"));
        awaitTrue("the outbox to empty", () -> outboxFiles().isEmpty());
    }

    @Test
    void aNotifierWithABadAddressStaysUpAndMailsNothingUntilFixed() throws Exception {
        startServer();
        notifier = configAdmin.getFactoryConfiguration(MailConfig.FACTORY_PID, "ops", "?");
        configure(notifier, Map.of("host", "127.0.0.1", "port", Integer.toString(port), "from", "ipfailover at example",
                "to", ADMIN, "outbox", home.resolve("var/outbox").toString()));
        awaitTrue("the notifier's service", () -> !notifierReferences().isEmpty());
        configureDetector();
        awaitEvent(FailoverEvent.Type.TAKEOVER);
        // the notifier heard the takeover before this later listener: a mail it took would be in the outbox or delivered
        assertEquals(1, notifierReferences().size(), "the component failed its activation");
        assertEquals(List.of(), outboxFiles());
        assertEquals(List.of(), receivedBy(ADMIN));
        configureNotifier();
        awaitTrue("the fixed notifier", () -> !notifierReferences().isEmpty());
    }

    @Test
    void mailInTheOutboxWhenTheNotifierStopsIsSentWhenItStartsAgain() throws Exception {
        configureNotifier();
        configureDetector();
        awaitEvent(FailoverEvent.Type.TAKEOVER);
        awaitTrue("the takeover mail in the outbox", () -> outboxFiles().size() == 1);
        notifier.delete();
        configurations.removeIf(configuration -> configuration == notifier);
        awaitTrue("the notifier to stop", () -> notifierReferences().isEmpty());
        assertEquals(1, outboxFiles().size());

        startServer();
        notifier = configAdmin.getFactoryConfiguration(MailConfig.FACTORY_PID, "restarted", "?");
        configure(notifier, Map.of("name", "ops", "host", "127.0.0.1", "port", Integer.toString(port), "from", "ipfailover@example.org",
                "to", ADMIN, "outbox", home.resolve("var/outbox").toString()));
        assertEquals(TAKEOVER_SUBJECT, awaitMail(1).get(0).getSubject());
        awaitTrue("the outbox to empty", () -> outboxFiles().isEmpty());
        assertEquals(1, receivedBy(ADMIN).size(), "an empty outbox leaves nothing to send again");
    }

    /**
     * The takeover time is measured from {@link FailoverControl#takeover} to the TAKEOVER event at a listener
     * bound after the notifier, so it includes the notifier's part of the event delivery, and to the moment the
     * backend announces the address. Blocks of cycles rotate between the server up (each cycle's mail is sent
     * while the next takeover runs), stopped (connection refused: mail piles up, the courier retries) and hung
     * (a socket on the same port that accepts and never answers, as an overloaded server does: the courier
     * waits for its read timeout). Tolerance: 10 % of the median with the server up plus 20 ms, about one
     * scheduling hiccup or garbage collection on a loaded 2-core machine; the medians themselves are a few
     * milliseconds, so 10 % alone would be below the noise.
     */
    @Test
    void aTakeoverIsNoSlowerWithTheSmtpServerDownThanUp() throws Exception {
        startServer();
        configureNotifier("events", "TAKEOVER", "readTimeout", "5000");
        FailoverControl control = configureDetector();
        awaitEvent(FailoverEvent.Type.TAKEOVER);
        int takeovers = 1;
        for (int i = 0; i < 5; i++, takeovers++) {
            cycle(control);
        }
        Map<String, List<long[]>> times = new LinkedHashMap<>();
        for (String phase : List.of("up", "stopped", "hung")) {
            times.put(phase, new ArrayList<>());
        }
        for (int block = 0; block < 3; block++) {
            for (int i = 0; i < 8; i++, takeovers++) {
                int sent = takeovers;
                awaitTrue("the mail before to be sent", () -> delivered() == sent);
                times.get("up").add(cycle(control));
            }
            int sent = takeovers;
            awaitTrue("the mail before to be sent", () -> delivered() == sent && outboxFiles().isEmpty());
            stopServer();
            for (int i = 0; i < 8; i++, takeovers++) {
                times.get("stopped").add(cycle(control));
                assertEquals(i + 1, outboxFiles().size(), "the takeover's mail is in the outbox before the next listener hears it");
            }
            try (SilentSmtpServer hung = new SilentSmtpServer(port)) {
                for (int i = 0; i < 8; i++, takeovers++) {
                    times.get("hung").add(cycle(control));
                }
                assertEquals(16, outboxFiles().size());
            }
            startServer();
            int expected = takeovers;
            awaitTrue("the mail queued while the server was down", () -> delivered() >= expected);
        }
        double up = median(times.get("up"), 0);
        for (String phase : times.keySet()) {
            System.out.printf("SMTP %-7s: takeover() to TAKEOVER event %6.2f ms, to address announced %6.2f ms (medians of %d)%n",
                    phase, median(times.get(phase), 0), median(times.get(phase), 1), times.get(phase).size());
        }
        for (String phase : List.of("stopped", "hung")) {
            double down = median(times.get(phase), 0);
            assertTrue(down <= up * 1.10 + 20, "SMTP " + phase + " " + down + " ms, up " + up + " ms");
            assertTrue(median(times.get(phase), 1) <= median(times.get("up"), 1) * 1.10 + 20);
        }

        awaitTrue("the outbox to empty", () -> outboxFiles().isEmpty());
        assertEquals(takeovers, delivered(), "every takeover mailed once");
        List<String> subjects = receivedBy(ADMIN).stream().map(MailNotifierIT::subject).toList();
        assertTrue(subjects.stream().allMatch(s -> s.equals("[ipfailover] TAKEOVER web: pri now holds 198.51.100.10 "
                + "(takeover requested by the operator)")), subjects.toString());
        assertEquals(List.of(), outboxFiles());
    }

    /** @return nanoseconds from the request to the TAKEOVER event, and to the address's announcement */
    private long[] cycle(FailoverControl control) throws InterruptedException {
        control.release("web");
        awaitEvent(FailoverEvent.Type.RELEASE);
        long start = System.nanoTime();
        control.takeover("web");
        Seen takeover = awaitEvent(FailoverEvent.Type.TAKEOVER);
        long announced = awaitValue("the address announced", () -> backend.firstCall("announce", start), Optional::isPresent).get().nanos();
        return new long[] {takeover.nanos() - start, announced - start};
    }

    private Seen awaitEvent(FailoverEvent.Type type) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            Seen seen = events.poll(100, TimeUnit.MILLISECONDS);
            if (seen != null && seen.event().type() == type && "web".equals(seen.event().group())) {
                return seen;
            }
        }
        throw new AssertionError("timed out waiting for " + type);
    }

    private void configureNotifier(String... more) throws Exception {
        notifier = configAdmin.getFactoryConfiguration(MailConfig.FACTORY_PID, "ops", "?");
        Map<String, String> values = new HashMap<>(Map.of("host", "127.0.0.1", "port", Integer.toString(port),
                "from", "ipfailover@example.org", "to", ADMIN + ", oncall@example.org", "retryInitial", "20", "retryMax", "100",
                "connectionTimeout", "2000", "outbox", home.resolve("var/outbox").toString()));
        for (int i = 0; i + 1 < more.length; i += 2) {
            values.put(more[i], more[i + 1]);
        }
        configure(notifier, values);
    }

    private FailoverControl configureDetector() throws Exception {
        configure(configAdmin.getConfiguration("org.ipfailover.node", "?"), Map.of("id", "pri", "networks",
                "public=127.0.0.1:9; private=127.0.0.2:9", "interval", "50", "deadTime", "200", "stateFolder",
                home.resolve("var").toString()));
        awaitTrue("the detector", () -> context.getServiceReference(FailoverControl.class) != null);
        // the heartbeat bundle is not in this framework: say for it that this node's beats go out
        context.getService(context.getServiceReference(org.ipfailover.api.BeatListener.class))
                .heartbeatHealth(new org.ipfailover.api.HeartbeatHealth(true, List.of("public"), ""));
        return context.getService(context.getServiceReference(FailoverControl.class));
    }

    private void configure(Configuration configuration, Map<String, String> values) throws Exception {
        Dictionary<String, Object> properties = new Hashtable<>(values);
        configuration.update(properties);
        if (!configurations.contains(configuration)) {
            configurations.add(configuration);
        }
    }

    private List<ServiceReference<FailoverListener>> notifierReferences() {
        try {
            return List.copyOf(context.getServiceReferences(FailoverListener.class,
                    "(service.factoryPid=" + MailConfig.FACTORY_PID + ")"));
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private void startServer() {
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
        server.start();
    }

    private List<MimeMessage> awaitMail(int count) throws InterruptedException {
        awaitTrue(count + " mails", () -> receivedBy(ADMIN).size() >= count);
        return receivedBy(ADMIN);
    }

    private List<MimeMessage> receivedBy(String recipient) {
        return server == null ? List.of() : MailConfigs.receivedBy(server, recipient);
    }

    private List<Path> outboxFiles() {
        Path folder = home.resolve("var/outbox/ops");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(Outbox.SUFFIX)).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    /** @return the median of the {@code index}th time of each cycle, in milliseconds */
    private static double median(List<long[]> cycles, int index) {
        List<Long> sorted = new ArrayList<>(cycles.stream().map(times -> times[index]).toList());
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        long value = sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
        return value / 1_000_000.0;
    }
}
