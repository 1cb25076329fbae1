package org.ipfailover.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority for one test, made with the JDK's keytool in the test's folder: its
 * certificate as PEM ({@link #certificate()}), and PKCS12 key stores it signs, each holding a key,
 * its certificate (with the addresses it is valid for) and the CA's.
 */
final class TestCa {
    private final Path dir;
    private final String name;
    private final String password;

    private TestCa(Path dir, String name, String password) {
        this.dir = dir;
        this.name = name;
        this.password = password;
    }

    /** Makes the CA's key and certificate in {@code dir}: {@code <name>.p12} and {@code <name>.pem}. */
    static TestCa create(Path dir, String name, String password) throws IOException, InterruptedException {
        TestCa ca = new TestCa(dir, name, password);
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name, "-ext", "bc:c",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", ca.store().toString(), "-storepass", password);
        keytool("-exportcert", "-alias", "ca", "-rfc", "-keystore", ca.store().toString(), "-storepass", password,
                "-file", ca.certificate().toString());
        return ca;
    }

    /** @return the CA's certificate, PEM: a trust store for ZooKeeper */
    Path certificate() {
        return dir.resolve(name + ".pem");
    }

    private Path store() {
        return dir.resolve(name + ".p12");
    }

    /**
     * @param addresses the IP addresses the certificate names (subjectAltName), for hostname verification
     * @return {@code <entity>.p12}, a PKCS12 store with the entity's key and certificate, protected by {@code storePassword}
     */
    Path issue(String entity, String storePassword, List<String> addresses) throws IOException, InterruptedException {
        Path store = dir.resolve(entity + ".p12");
        Path request = dir.resolve(entity + ".csr");
        Path signed = dir.resolve(entity + ".crt");
        keytool("-genkeypair", "-alias", "key", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + entity, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", storePassword);
        keytool("-certreq", "-alias", "key", "-keystore", store.toString(), "-storepass", storePassword, "-file", request.toString());
        keytool("-gencert", "-alias", "ca", "-keystore", store().toString(), "-storepass", password, "-infile", request.toString(),
                "-outfile", signed.toString(), "-rfc", "-validity", "2", "-ext", "eku=serverAuth,clientAuth",
                "-ext", "san=" + String.join(",", addresses.stream().map(a -> "ip:" + a).toList()));
        keytool("-importcert", "-alias", "ca", "-noprompt", "-keystore", store.toString(), "-storepass", storePassword,
                "-file", certificate().toString());
        keytool("-importcert", "-alias", "key", "-keystore", store.toString(), "-storepass", storePassword, "-file", signed.toString());
        return store;
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
        command.addAll(List.of(arguments));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS)) {
            keytool.destroyForcibly();
            throw new IOException("keytool " + arguments[0] + " did not end");
        }
        if (keytool.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", arguments) + " failed: " + output);
        }
    }
}
