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
import org.ipfailover.api.config.ConfigurationValues;
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

    @Test
    void tlsKeysNeedTlsTrue() {
        List<String> problems = problems(Map.of("connectString", "zk1:2281", "tlsTrustStore", "conf/trust.p12",
                "tlsKeyStorePasswordFile", "conf/key.password"));
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("key 'tlsTrustStore'") && problems.get(0).contains("tls is false"), problems.get(0));
        assertTrue(problems.get(1).contains("key 'tlsKeyStorePasswordFile'"), problems.get(1));
    }

    @Test
    void tlsStoresAreReadWithTheirPasswordsAsTheClientWillReadThem() throws Exception {
        Path store = keyPair("node.p12", "store-secret");
        Path password = secret("conf/node.password", "store-secret\n", "rw-------");
        Map<String, Object> good = Map.of("connectString", "zk1:2281", "tls", "true", "tlsKeyStore", "conf/node.p12",
                "tlsKeyStorePasswordFile", "conf/node.password", "tlsTrustStore", "conf/node.p12", "tlsTrustStorePasswordFile",
                "conf/node.password");
        assertEquals(List.of(), problems(good));
        QuorumSettings settings = settings(good);
        TlsSettings tls = settings.tls().orElseThrow();
        assertEquals("PKCS12", tls.keyStore().orElseThrow().type());
        assertTrue(tls.hostnameVerification());
        assertEquals("TLS", settings.transport());

        Files.writeString(password, "wrong\n");
        List<String> wrong = problems(good);
        assertEquals(2, wrong.size(), wrong.toString());
        assertTrue(wrong.get(0).contains("key 'tlsTrustStore'") && wrong.get(0).contains(store.toString())
                && wrong.get(0).contains("conf/node.password"), wrong.get(0));
        assertTrue(wrong.get(1).contains("key 'tlsKeyStore'"), wrong.get(1));

        Files.writeString(password, "store-secret\n");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-r-----"));
        List<String> shared = problems(good);
        assertTrue(shared.get(0).contains("key 'tlsTrustStorePasswordFile'") && shared.get(0).contains("chmod 600"), shared.toString());
    }

    @Test
    void aStoreTypeComesFromItsNameAndHostnameVerificationGoesOffOnlyWhenSaidSo() throws Exception {
        Path store = keyPair("ca.p12", "store-secret");
        Files.copy(store, home.resolve("conf/ca.crt"));
        List<String> problems = problems(Map.of("connectString", "zk1:2281", "tls", "true", "tlsTrustStore", "conf/ca.crt"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("key 'tlsTrustStore'") && problems.get(0).contains(".p12"), problems.get(0));
        List<String> passwordAlone = problems(Map.of("connectString", "zk1:2281", "tls", "true", "tlsKeyStorePasswordFile", "conf/x"));
        assertEquals(1, passwordAlone.size(), passwordAlone.toString());
        assertTrue(passwordAlone.get(0).contains("key 'tlsKeyStorePasswordFile': is set but tlsKeyStore is not"), passwordAlone.get(0));
        QuorumSettings plain = settings(Map.of("connectString", "zk1:2281", "tls", "true", "tlsHostnameVerification", "false"));
        assertTrue(plain.tls().orElseThrow().trustStore().isEmpty());
        assertEquals("TLS without hostname verification", plain.transport());
    }

    @Test
    void theSaslFileIsCheckedAsTheDigestFile() throws Exception {
        secret("conf/zookeeper.sasl", "ipfailover:s3cret:with:colons\n", "r--------");
        QuorumSettings settings = settings(Map.of("connectString", "zk1:2181", "saslFile", "conf/zookeeper.sasl"));
        assertEquals(new QuorumSettings.SaslLogin("ipfailover", "s3cret:with:colons", "conf/zookeeper.sasl"), settings.sasl().orElseThrow());
        assertEquals("plain TCP, SASL as ipfailover", settings.transport());
        Files.setPosixFilePermissions(home.resolve("conf/zookeeper.sasl"), PosixFilePermissions.fromString("rw-rw-rw-"));
        List<String> shared = problems(Map.of("connectString", "zk1:2181", "saslFile", "conf/zookeeper.sasl"));
        assertTrue(shared.size() == 1 && shared.get(0).contains("key 'saslFile'") && shared.get(0).contains("chmod 600"), shared.toString());
    }

    private QuorumSettings settings(Map<String, Object> properties) {
        ConfigurationCheck check = ConfigurationCheck.of(properties);
        return QuorumSettings.of(ConfigurationValues.of(QuorumConfig.class, properties), "a", path -> home.resolve(path), check)
                .orElseThrow(() -> new AssertionError(check.problems()));
    }

    private Path secret(String name, String text, String mode) throws Exception {
        Path file = home.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    /** A PKCS12 store with one self-signed key pair, made by the JDK's keytool. */
    private Path keyPair(String name, String password) throws Exception {
        Path store = home.resolve("conf").resolve(name);
        Files.createDirectories(store.getParent());
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=node", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", password).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertEquals(0, keytool.waitFor(), output);
        return store;
    }
}
