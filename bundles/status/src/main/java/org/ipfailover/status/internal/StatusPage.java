package org.ipfailover.status.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.ipfailover.api.FailoverControl;
import org.ipfailover.api.HeartbeatStatistics;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The status page at {@code /} of the node's HTTP context (bundles/http: its address, TLS and
 * basic authentication): the page, its script and style, and {@code /status.json}, which the
 * script asks for every 500 ms. Read-only: GET and HEAD, 405 for any other method. Every value is
 * put into the page as text by the script, never as markup.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=ipfailover)")
public class StatusPage extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String JSON = "/status.json";
    private static final String SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final transient Map<String, Asset> assets = Map.of(
            "/", Asset.load("index.html", "text/html; charset=utf-8"),
            "/index.html", Asset.load("index.html", "text/html; charset=utf-8"),
            "/status.js", Asset.load("status.js", "text/javascript; charset=utf-8"),
            "/status.css", Asset.load("status.css", "text/css; charset=utf-8"));

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile FailoverControl control;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile HeartbeatStatistics heartbeat;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        boolean head = method.equals("HEAD");
        if (!head && !method.equals("GET")) {
            response.setHeader("Allow", "GET, HEAD");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "the status page is read-only");
            return;
        }
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", SECURITY_POLICY);
        response.setHeader("Referrer-Policy", "no-referrer");
        String path = path(request);
        if (path.equals(JSON)) {
            FailoverControl detector = control;
            long now = System.currentTimeMillis();
            String json = detector != null ? StatusDocument.of(detector, heartbeat, now) : StatusDocument.noDetector(now);
            response.setHeader("Cache-Control", "no-store");
            send(response, detector != null ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8), head);
            return;
        }
        Asset asset = assets.get(path);
        if (asset == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setHeader("Cache-Control", "no-cache");
        send(response, HttpServletResponse.SC_OK, asset.contentType(), asset.bytes(), head);
    }

    private static String path(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String info = request.getPathInfo();
        String path = (servletPath == null ? "" : servletPath) + (info == null ? "" : info);
        return path.isEmpty() ? "/" : path;
    }

    private static void send(HttpServletResponse response, int status, String contentType, byte[] body, boolean head)
            throws IOException {
        response.setStatus(status);
        response.setContentType(contentType);
        response.setContentLength(body.length);
        if (!head) {
            response.getOutputStream().write(body);
        }
    }
}
