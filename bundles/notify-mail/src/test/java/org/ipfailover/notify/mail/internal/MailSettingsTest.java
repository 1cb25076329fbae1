package org.ipfailover.notify.mail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.FailoverEvent.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailSettingsTest {
    @TempDir
    Path home;

    Map<String, Object> valid() {
        Map<String, Object> properties = MailConfigs.smtp(2525, home);
        properties.put("felix.fileinstall.filename", home.resolve("conf/org.ipfailover.notify.mail-ops.cfg").toUri().toString());
        return properties;
    }

    @Test
    void theDefaultsMailWhatAnAdministratorMustKnow() {
        MailSettings settings = MailConfigs.settings(valid(), home);
        assertEquals("ops", settings.name());
        assertEquals(EnumSet.of(Type.TAKEOVER, Type.RELEASE, Type.TAKEOVER_FAILED, Type.TEST_VETO, Type.ACTION_FAILED, Type.ANOMALY,
                Type.ANOMALY_CLEARED, Type.ALARM, Type.ALARM_CLEARED, Type.NOT_DECIDING, Type.DECIDING,
                Type.HEALTH_FAILED, Type.HEALTH_RECOVERED, Type.QUORUM_LOST, Type.QUORUM_REGAINED), settings.events());
        assertEquals(List.of("admin@example.org", "oncall@example.org"), settings.to().stream().map(a -> a.getAddress()).toList());
        assertEquals(Security.NONE, settings.security());
        assertEquals(home.resolve("var/outbox/ops"), settings.outbox());
        assertEquals(300_000, settings.flapWindowMillis());
    }

    @Test
    void emptyTemplatesAreTheBuiltInOnes() {
        MailSettings settings = MailConfigs.settings(valid(), home);
        MailFormatter formatter = new MailFormatter(settings.subject(), settings.body(), java.time.ZoneOffset.UTC);
        assertEquals(MailFormatterTest.DEFAULT.format(Events.takeover()), formatter.format(Events.takeover()));
        MailSettings custom = MailConfigs.settings(MailConfigs.with(valid(), "body", "${headline}\nMore: ipfailover ctl failover:status"), home);
        assertEquals("sec now holds 198.51.100.10 (pri silent on every network)\nMore: ipfailover ctl failover:status",
                new MailFormatter(custom.subject(), custom.body(), java.time.ZoneOffset.UTC).format(Events.takeover()).body());
    }

    /** Declarative Services gets the defaults from the component's XML, where a line break becomes a space. */
    @Test
    void noDefaultSpansLines() {
        for (java.lang.reflect.Method attribute : MailConfig.class.getDeclaredMethods()) {
            Object value = attribute.getDefaultValue();
            String text = value instanceof String[] values ? String.join(",", values) : String.valueOf(value);
            assertTrue(!text.contains("\n") && !text.contains("\r"), attribute.getName());
        }
    }

    @Test
    void theNameComesFromTheFileWhenThePidHasNone() {
        Map<String, Object> properties = valid();
        properties.put("service.pid", "org.ipfailover.notify.mail.1f2e3d");
        assertEquals("ops", MailConfigs.settings(properties, home).name());
    }

    @Test
    void eachProblemIsOneLineNamingTheFileAndTheKey() {
        Map<String, Object> properties = valid();
        properties.put("from", "ipfailover at example dot org");
        properties.put("to", new String[] {"admin@example.org, bad address@@example.org"});
        properties.put("security", "tls");
        properties.put("events", new String[] {"TAKEOVER, TAKEOVERS"});
        properties.put("subject", "${type} ${vip}");
        properties.put("retryMax", "10");
        List<String> problems = MailConfigs.problems(properties, home);
        String file = home.resolve("conf/org.ipfailover.notify.mail-ops.cfg").toString();
        assertEquals(6, problems.size(), problems.toString());
        assertTrue(problems.stream().allMatch(p -> p.startsWith(file + ": key '") && !p.contains("\n")), problems.toString());
        assertProblem(problems, "from", "\"ipfailover at example dot org\" is not a mail address");
        assertProblem(problems, "to", "\"admin@example.org, bad address@@example.org\" is not a list of mail addresses");
        assertProblem(problems, "security", "\"tls\" is not one of none, starttls, starttls-required, smtps");
        assertProblem(problems, "events", "\"TAKEOVERS\" is not an event type");
        assertProblem(problems, "subject", "unknown placeholder ${vip}");
        assertProblem(problems, "retryMax", "must be at least retryInitial (50 ms)");
    }

    @Test
    void aValueThatDoesNotParseIsNamedBeforeAnythingElse() {
        List<String> problems = MailConfigs.problems(MailConfigs.with(valid(), "port", "smtp"), home);
        assertEquals(1, problems.size(), problems.toString());
        assertProblem(problems, "port", "value \"smtp\" is not an integer");
    }

    @Test
    void requiredKeysAreNamed() {
        Map<String, Object> properties = valid();
        properties.remove("host");
        properties.remove("from");
        properties.remove("to");
        List<String> problems = MailConfigs.problems(properties, home);
        assertProblem(problems, "host", "must name the SMTP server");
        assertProblem(problems, "from", "must name the sender");
        assertProblem(problems, "to", "must name at least one recipient");
    }

    @Test
    void thePasswordIsReadFromItsFileRelativeToTheHome() throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/smtp.password"), "s3cret pass\nsecond line\n");
        Files.setPosixFilePermissions(home.resolve("conf/smtp.password"), PosixFilePermissions.fromString("rw-------"));
        Map<String, Object> properties = valid();
        properties.put("username", "ipfailover");
        properties.put("passwordFile", "conf/smtp.password");
        assertEquals("s3cret pass", MailConfigs.settings(properties, home).password());

        assertProblem(MailConfigs.problems(MailConfigs.with(properties, "passwordFile", "conf/none"), home), "passwordFile", "cannot be read");
        assertProblem(MailConfigs.problems(MailConfigs.with(properties, "passwordFile", ""), home), "passwordFile",
                "must name the file holding the password of user ipfailover");
        assertProblem(MailConfigs.problems(MailConfigs.with(properties, "username", ""), home), "username",
                "must name the user whose password is in conf/smtp.password");
    }

    static void assertProblem(List<String> problems, String key, String text) {
        assertTrue(problems.stream().anyMatch(p -> p.contains("key '" + key + "': ") && p.contains(text)),
                "no problem with key '" + key + "' saying " + text + " in " + problems);
    }
}
