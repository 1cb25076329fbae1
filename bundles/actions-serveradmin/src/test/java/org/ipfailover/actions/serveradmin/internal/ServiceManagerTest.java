package org.ipfailover.actions.serveradmin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The argument lists and the state each service manager reports. */
class ServiceManagerTest {
    @Test
    void serveradminReadsTheStateLineOfItsService() {
        ServiceManager manager = ServiceManager.serveradmin;
        assertEquals(List.of("start", "afp"), manager.start("afp"));
        assertEquals(List.of("stop", "afp"), manager.stop("afp"));
        assertEquals(List.of("status", "afp"), manager.status("afp"));
        String output = "afp:setStateVersion = 1\nafp:state = \"RUNNING\"\nafp:status = 1\n";
        assertEquals("RUNNING", manager.state("afp", 0, output));
        assertTrue(manager.running("RUNNING"));
        assertEquals("STOPPED", manager.state("afp", 0, "afp:state = \"STOPPED\"\n"));
        assertFalse(manager.running("STOPPED"));
        assertEquals("unknown (exit 0)", manager.state("afp", 0, "web:state = \"RUNNING\"\n"));
    }

    @Test
    void systemctlAsksWhetherTheUnitIsActive() {
        ServiceManager manager = ServiceManager.systemctl;
        assertEquals(List.of("start", "nginx"), manager.start("nginx"));
        assertEquals(List.of("stop", "nginx"), manager.stop("nginx"));
        assertEquals(List.of("is-active", "nginx"), manager.status("nginx"));
        assertTrue(manager.running(manager.state("nginx", 0, "active\n")));
        assertEquals("activating", manager.state("nginx", 3, "activating\n"));
        assertFalse(manager.running("activating"));
    }

    @Test
    void serviceTakesTheServiceFirstAndTrustsTheExitStatus() {
        ServiceManager manager = ServiceManager.service;
        assertEquals(List.of("smbd", "start"), manager.start("smbd"));
        assertEquals(List.of("smbd", "stop"), manager.stop("smbd"));
        assertEquals(List.of("smbd", "status"), manager.status("smbd"));
        assertTrue(manager.running(manager.state("smbd", 0, "smbd is running.\n")));
        assertFalse(manager.running(manager.state("smbd", 3, "smbd is not running.\n")));
    }
}
