package org.ipfailover.quorum.zookeeper.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.common.ClientX509Util;
import org.apache.zookeeper.common.X509Exception;

/**
 * Says why no TLS connection comes: one handshake with each server in turn, with the SSL context
 * ZooKeeper's client makes from the same settings (its trust manager checks the server's name as
 * the client does). ZooKeeper itself logs a failed handshake as a stack trace per attempt.
 */
final class TlsProbe {
    private TlsProbe() {
    }

    /** @return what the first handshake that fails says, or what kept every server from answering */
    static String diagnose(ZKClientConfig config, String connectString, int timeoutMillis) {
        SSLContext context;
        try (ClientX509Util util = new ClientX509Util()) {
            context = util.createSSLContext(config);
        } catch (X509Exception.SSLContextException | RuntimeException e) {
            return "TLS cannot start: " + TlsSettings.reason(e);
        }
        StringBuilder unreachable = new StringBuilder();
        for (String server : connectString.replaceFirst("/.*$", "").split(",")) {
            String hostPort = server.trim();
            int colon = hostPort.lastIndexOf(':');
            String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            int port = colon < 0 ? 2181 : Integer.parseInt(hostPort.substring(colon + 1));
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
                if (config.getBoolean("zookeeper.ssl.hostnameVerification", true)) {
                    // ZooKeeper's trust manager checks the name only outside its FIPS mode; the JDK's check does it in both
                    SSLParameters parameters = socket.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    socket.setSSLParameters(parameters);
                }
                socket.connect(new InetSocketAddress(host, port), timeoutMillis);
                socket.setSoTimeout(timeoutMillis);
                socket.startHandshake();
                return "a TLS handshake with " + hostPort + " succeeds";
            } catch (SSLException e) {
                return "the TLS handshake with " + hostPort + " fails: " + TlsSettings.reason(e);
            } catch (IOException | RuntimeException e) {
                unreachable.append(unreachable.length() == 0 ? "" : "; ").append(hostPort).append(": ").append(TlsSettings.reason(e));
            }
        }
        return "no server answers (" + unreachable + ")";
    }
}
