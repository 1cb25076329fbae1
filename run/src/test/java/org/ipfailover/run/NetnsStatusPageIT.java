package org.ipfailover.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.ipfailover.test.support.Await;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The status page in a real browser: Debian's chromium, headless, in the backup's namespace,
 * loads http://127.0.0.1:9694/ of the backup's node, which shows the group with its holder and
 * the primary alive; a screenshot goes to target/status-page.png. The primary crashes: the page,
 * as it updates itself, shows the backup holding the group within 2 s of the takeover.
 */
class NetnsStatusPageIT extends LabSuite {
    private static final String PAGE = "http://127.0.0.1:9694/";
    private static final Duration SHOWN_WITHIN = Duration.ofSeconds(2);
    private static final Path SCREENSHOTS = NodeProcess.DIST.resolve("target");
    private static final String MARKUP = "<i id=\"injected\">markup</i>";

    @BeforeAll
    static void browserAvailable() {
        HeadlessChromium.require();
    }

    @Test
    void thePageShowsTheGroupAndATakeoverWithinTwoSeconds() throws Exception {
        lab = new NetnsLab(root, "", false);
        Path check = root.resolve("markup.sh");
        Files.writeString(check, "#!/bin/sh\necho '" + MARKUP + "'\nexit 0\n");
        Files.setPosixFilePermissions(check, PosixFilePermissions.fromString("rwx------"));
        lab.writeConf("sec", "org.ipfailover.check.script-markup.cfg", "groups = web\ncommand = " + check
                + "\nstrictModes = false\ninterval = 200\n");
        startPrimaryThenBackup();

        try (HeadlessChromium chromium = new HeadlessChromium(lab.namespace("sec"))) {
            Await.awaitTrue("sec's HTTP server to serve the page", SETTLE, () -> loads(chromium));
            Await.awaitValue("the page to show sec's status", SETTLE, () -> chromium.evaluate("document.title"), "ipfailover sec"::equals);
            Await.awaitValue("the page to show web held by pri", SETTLE, () -> cell(chromium, "group", "web", "holder"), "pri"::equals);
            assertEquals("sec", chromium.evaluate("document.getElementById('node').textContent"));
            assertEquals("STANDBY", cell(chromium, "group", "web", "state"));
            assertEquals("eth0:198.51.100.10/24", cell(chromium, "group", "web", "vips"));
            Await.awaitValue("the page to show pri alive", SETTLE, () -> cell(chromium, "peer", "pri", "alive"), "alive"::equals);
            String beats = cell(chromium, "peer", "pri", "beats");
            assertTrue(beats.matches("(?s)private: \\d+ ms agopublic: \\d+ ms ago"), beats);
            assertEquals("deciding", chromium.evaluate("document.getElementById('condition').textContent"));
            Await.awaitTrue("the check's output on the page", SETTLE,
                    () -> cell(chromium, "group", "web", "health").contains(MARKUP));
            assertEquals(Boolean.TRUE, chromium.evaluate("document.getElementById('injected') === null"),
                    "a check's output is shown as text, never as markup");
            assertEquals(Boolean.TRUE, chromium.evaluate("performance.getEntriesByType('resource')"
                    + ".every(entry => entry.name.startsWith(location.origin + '/'))"), "every asset comes from the node");
            Path screenshot = SCREENSHOTS.resolve("status-page.png");
            chromium.screenshot(screenshot);
            byte[] png = Files.readAllBytes(screenshot);
            assertTrue(png.length > 5000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG of " + png.length + " bytes");

            lab.crash("pri");
            String holder = Await.awaitValue("the page to show web held by sec", SETTLE,
                    () -> cell(chromium, "group", "web", "holder") + " " + cell(chromium, "group", "web", "state"), "sec UP"::equals);
            Instant shown = Instant.now();
            Instant takeover = Instant.parse((String) chromium.evaluate("fetch('status.json').then(r => r.json()).then(s => "
                    + "s.events.filter(e => e.type === 'TAKEOVER' && e.group === 'web').map(e => e.time).pop())"));
            Duration late = Duration.between(takeover, shown);
            System.out.println("NetnsStatusPageIT: the page showed the takeover " + late.toMillis() + " ms after it");
            assertTrue(late.compareTo(SHOWN_WITHIN) <= 0, "the page showed '" + holder + "' " + late.toMillis()
                    + " ms after the takeover at " + takeover);
            assertEquals("dead", cell(chromium, "peer", "pri", "alive"));
            assertTrue(chromium.evaluate("[...document.querySelectorAll('#events [data-event=TAKEOVER]')].length") instanceof Number n
                    && n.intValue() >= 1, "the takeover in the latest events");
            chromium.screenshot(SCREENSHOTS.resolve("status-page-takeover.png"));
        }
    }

    private static boolean loads(HeadlessChromium chromium) throws Exception {
        try {
            chromium.navigate(PAGE);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** @return the text of a cell of a group's or peer's row, or "" while there is no such row */
    private static String cell(HeadlessChromium chromium, String kind, String name, String column) throws Exception {
        Object text = chromium.evaluate("(document.querySelector('[data-" + kind + "=\"" + name + "\"] ." + column + "')"
                + " || {textContent: ''}).textContent");
        return String.valueOf(text);
    }
}
