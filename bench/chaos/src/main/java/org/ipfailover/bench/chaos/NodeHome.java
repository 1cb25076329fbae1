package org.ipfailover.bench.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One node's home: its configuration, written at the start and edited by the config faults.
 * Every node runs the two groups, a shell action whose scripts succeed (so the action bundle has
 * work to do when it is updated), and a mail notifier that mails every event type to the lab's
 * SMTP server. The notifier is a {@code .config} file because FileInstall replaces {@code ${...}}
 * in {@code .cfg} values (with nothing), and its subject is the key the mails are matched by.
 */
final class NodeHome {
    static final int SMTP_PORT = 2525;
    static final int SHELL_TIMEOUT_SECONDS = 3;
    static final int COMMAND_TIMEOUT_MILLIS = 2000;
    static final String MAIL_SUBJECT = "$\\{node}|$\\{type}|$\\{target}|$\\{from}|$\\{to}|$\\{time}";

    private final String host;
    private final Path home;
    private final List<Group> groups;
    private int failbackDelay = 2000;

    NodeHome(String host, Path home, List<Group> groups) {
        this.host = host;
        this.home = home;
        this.groups = groups;
    }

    Path home() {
        return home;
    }

    Path conf() {
        return home.resolve("conf");
    }

    Path log() {
        return home.resolve("log/ipfailover.log");
    }

    Path socket() {
        return home.resolve("var/ipfailover.sock");
    }

    Path outbox() {
        return home.resolve("var/outbox/chaos");
    }

    void write(String key, List<String> eventTypes) {
        try {
            Files.createDirectories(conf());
            Path keyFile = conf().resolve("ipfailover.key");
            Files.writeString(keyFile, key + "\n");
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(conf().resolve("org.ipfailover.node.cfg"), "id = " + host + "\n"
                    + "networks = public=" + Lab.PUBLIC_BROADCAST + "; private=" + Lab.PRIVATE_BROADCAST + "\n");
            Files.writeString(conf().resolve("org.ipfailover.netif.cfg"), "commandTimeoutMillis = " + COMMAND_TIMEOUT_MILLIS + "\n");
            for (Group group : groups) {
                Files.writeString(conf().resolve(group.fileName()), groupFile(group));
                writeScripts(group);
            }
            Files.writeString(conf().resolve("org.ipfailover.action.shell-chaos.cfg"), "folder = " + home.resolve("scripts") + "\n"
                    + "timeout = " + SHELL_TIMEOUT_SECONDS + "\n");
            Files.writeString(conf().resolve("org.ipfailover.notify.mail-chaos.config"), "host=\"" + Lab.CLIENT_ADDRESS + "\"\n"
                    + "port=I\"" + SMTP_PORT + "\"\n"
                    + "from=\"ipfailover-" + host + "@example.org\"\n"
                    + "to=[\"chaos@example.org\"]\n"
                    + "events=[" + eventTypes.stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(",")) + "]\n"
                    + "subject=\"" + MAIL_SUBJECT + "\"\n"
                    + "flapWindow=L\"0\"\n"
                    + "retryInitial=L\"250\"\n"
                    + "retryMax=L\"2000\"\n"
                    + "connectionTimeout=I\"2000\"\n"
                    + "readTimeout=I\"5000\"\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String groupFile(Group group) {
        return "nodes = " + String.join(", ", group.nodes()) + "\n"
                + "vips = eth0:" + group.vip() + "/24\n"
                + "failbackDelay = " + failbackDelay + "\n";
    }

    private void writeScripts(Group group) throws IOException {
        Path folder = home.resolve("scripts").resolve(group.vip());
        Files.createDirectories(folder);
        Files.setPosixFilePermissions(home.resolve("scripts"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String script : List.of("Test", "PostAcq", "PreRel")) {
            Path file = folder.resolve(script);
            Files.writeString(file, "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** The same content, written in place (truncated, then written), as an editor saving without changes does. */
    void rewriteInPlace(Group group) {
        write(conf().resolve(group.fileName()), groupFile(group), true);
    }

    void touch(Group group) {
        try {
            Files.setLastModifiedTime(conf().resolve(group.fileName()), FileTime.from(Instant.now()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A valid change: failbackDelay 2000 <-> 2500 ms. @return the new value */
    int toggleFailbackDelay() {
        failbackDelay = failbackDelay == 2000 ? 2500 : 2000;
        for (Group group : groups) {
            write(conf().resolve(group.fileName()), groupFile(group), false);
        }
        return failbackDelay;
    }

    /** A broken edit: @param missingInterface a VIP on eth7, else a misspelt key (vipz) */
    void breakFile(Group group, boolean missingInterface) {
        String text = missingInterface
                ? groupFile(group).replace("vips = eth0:", "vips = eth7:")
                : groupFile(group).replace("vips = ", "vipz = ");
        write(conf().resolve(group.fileName()), text, false);
    }

    void restore(Group group) {
        write(conf().resolve(group.fileName()), groupFile(group), false);
    }

    /** In place, or atomically (a temporary file renamed over it), as configuration tools do. */
    private static void write(Path file, String text, boolean inPlace) {
        try {
            if (inPlace) {
                Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            } else {
                Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
