package org.ipfailover.process.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StrictModesTest {
    @TempDir
    Path folder;
    Path program;
    final String me = System.getProperty("user.name");

    @BeforeEach
    void setUp() throws Exception {
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        program = Files.writeString(folder.resolve("check"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void aProgramOnlyItsOwnerCanChangeMayRun() {
        assertEquals(List.of(), new StrictModes(true, me).problems(program, folder));
    }

    @Test
    void oneWritableByGroupOrOthersIsRefusedNamingTheFix() throws Exception {
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxr-x"));

        List<String> problems = new StrictModes(true, me).problems(program, folder);

        assertEquals(List.of("refusing " + folder + ": writable by group or others (rwxrwxr-x): chmod go-w it (or set strictModes=false)"),
                problems);
    }

    @Test
    void oneOwnedByAnotherUserIsRefused() throws Exception {
        String expected;
        List<String> problems;
        if (me.equals("root")) {
            Files.setOwner(program, program.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
            expected = "owned by nobody, not by root: chown it";
            problems = new StrictModes(true, me).problems(program);
        } else {
            expected = "owned by " + me + ", not by root or someone-else: chown it";
            problems = new StrictModes(true, "someone-else").problems(program);
        }

        assertEquals(List.of("refusing " + program + ": " + expected + " (or set strictModes=false)"), problems);
    }

    @Test
    void switchedOffItRefusesNothing() throws Exception {
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertTrue(new StrictModes(false, me).problems(program, folder.resolve("missing")).isEmpty());
    }
}
