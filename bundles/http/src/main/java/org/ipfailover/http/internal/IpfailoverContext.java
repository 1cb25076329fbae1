package org.ipfailover.http.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContext;

/**
 * The servlet context every ipfailover page is served in ({@value #NAME}, at {@code /}): a
 * servlet joins it with the whiteboard property
 * {@code osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name=ipfailover)}, and
 * is then behind the basic authentication {@code org.ipfailover.http} configures.
 */
@Component(service = ServletContextHelper.class, scope = ServiceScope.BUNDLE)
@HttpWhiteboardContext(name = IpfailoverContext.NAME, path = "/")
public class IpfailoverContext extends ServletContextHelper {
    static final String NAME = "ipfailover";

    private final HttpServer server;

    @Activate
    public IpfailoverContext(ComponentContext context, @Reference HttpServer server) {
        super(context.getUsingBundle());
        this.server = server;
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (server.admits(request.getHeader("Authorization"))) {
            return true;
        }
        response.setHeader("WWW-Authenticate", BasicAuth.CHALLENGE);
        response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
        return false;
    }
}
