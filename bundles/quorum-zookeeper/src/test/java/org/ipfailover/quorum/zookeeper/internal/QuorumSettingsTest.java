package org.ipfailover.quorum.zookeeper.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.config.ConfigurationCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quorum's configuration as check-config and the component read it (QuorumRules runs QuorumSettings). */
class QuorumSettingsTest {
    @TempDir
    Path home;

    private List<String> problems(Map<String, Object> properties) {
        Map<String, Object> withFile = new HashMap<>(properties);
        withFile.put(ConfigurationCheck.FILEINSTALL_FILENAME, home.resolve("conf/org.ipfailover.quorum.zookeeper.cfg").toUri().toString());
        return new QuorumRules().problems(QuorumConfig.PID, withFile, home);
    }

    @Test
    void aThreeServerEnsembleWithDefaultsIsTaken() {
        assertEquals(List.of(), problems(Map.of("connectString", "zk1:2181,zk2:2181,zk3:2181")));
    }

    @Test
    void eachBadKeyIsOneLineNamingFileAndKey() {
        List<String> problems = problems(Map.of("connectString", "zk1:2181,bad host", "sessionTimeoutMillis", "100",
                "connectionTimeoutMillis", "0", "basePath", "relative/path"));
        assertEquals(4, problems.size(), problems.toString());
        for (String key : List.of("connectString", "sessionTimeoutMillis", "connectionTimeoutMillis", "basePath")) {
            assertTrue(problems.stream().anyMatch(p -> p.contains("org.ipfailover.quorum.zookeeper.cfg") && p.contains("key '" + key + "'")),
                    key + " in " + problems);
        }
    }

    @Test
    void aMissingConnectStringOrAnUnparsableNumberIsNamed() {
        assertTrue(problems(Map.of()).get(0).contains("key 'connectString': is missing"));
        assertTrue(problems(Map.of("connectString", "zk1", "sessionTimeoutMillis", "six")).get(0).contains("key 'sessionTimeoutMillis'"));
    }

    @Test
    void theDigestFileMustBeTheOwnersOnlyAndHoldUserAndPassword() throws Exception {
        Path file = home.resolve("conf/zookeeper.digest");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "ipfailover:s3cret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Map<String, Object> properties = Map.of("connectString", "zk1:2181", "digestFile", "conf/zookeeper.digest");
        List<String> shared = problems(properties);
        assertEquals(1, shared.size(), shared.toString());
        assertTrue(shared.get(0).contains("key 'digestFile'") && shared.get(0).contains("chmod 600"), shared.get(0));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals(List.of(), problems(properties));
        Files.writeString(file, "no-password-here\n");
        assertTrue(problems(properties).get(0).contains("user:password"));
        assertTrue(problems(Map.of("connectString", "zk1:2181", "digestFile", "conf/absent")).get(0).contains("does not exist"));
    }
}
