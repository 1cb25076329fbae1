package org.ipfailover.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.felix.service.command.CommandProcessor;
import org.ipfailover.api.FailoverControl;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** Without a node configuration there is no detector: its commands say so, the others work. */
class WithoutDetectorIT {
    @InjectBundleContext
    BundleContext context;

    @InjectService
    CommandProcessor processor;

    @Test
    void detectorCommandsSayTheDetectorIsNotRunning() {
        assertNull(context.getServiceReference(FailoverControl.class));
        for (String line : List.of("failover:status", "failover:status --json", "failover:peers", "failover:groups", "failover:history",
                "failover:actions", "failover:actions web", "failover:test web", "failover:reclaim web", "failover:takeover web")) {
            Commands.Result result = Commands.gogo(processor, line);
            assertEquals(1, result.status(), line);
            assertTrue(result.err().contains("the detector is not running"), line + ": " + result.err());
        }
    }

    @Test
    void configStillShowsTheNodesKeys() {
        Commands.Result config = Commands.gogo(processor, "failover:config");
        assertEquals(0, config.status(), config.text());
        assertTrue(config.out().contains("org.ipfailover.node  (metatype from org.ipfailover.api)\n"),
                ReadmeReferenceIT.NODE_DESIGNATION + "\n" + config.out());
        assertTrue(config.out().contains("no configuration: org.ipfailover.node.cfg is absent"), config.out());
        assertTrue(config.out().lines().anyMatch(l -> l.matches("\\s+deadTime\\s+300\\s+300\\s+Milliseconds of silence.*")), config.out());
    }
}
