package io.commercebus.security;

import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.apache.camel.component.platform.http.main.DefaultMainHttpServerFactory;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.main.HttpManagementServerConfigurationProperties;
import org.apache.camel.main.HttpServerConfigurationProperties;
import org.apache.camel.main.MainHttpServerFactory;

/**
 * Camel main builds the bus's HTTP server ({@code camel.server.*}) with the factory it finds in the
 * registry: this one builds Camel's own platform-http server with the {@link HttpGuard} in front of
 * every route. (Camel's built-in authentication protects one path with a properties file of plain
 * passwords; the bus needs every path but the open ones, a constant-time check and JSON answers.)
 * Camel builds the server before the bus's configuration runs, so the server takes the guard from the
 * registry when it starts; it refuses to start without one.
 */
public final class GuardedHttpServerFactory implements MainHttpServerFactory {

    private final DefaultMainHttpServerFactory camelDefault = new DefaultMainHttpServerFactory();

    @Override
    public Service newHttpServer(CamelContext camelContext, HttpServerConfigurationProperties configuration) {
        if (configuration.isAuthenticationEnabled()) {
            throw new IllegalStateException("camel.server.authentication-enabled is not used by commerce-bus: set "
                    + ApiLogin.PASSWORD_SETTING + " (BUS_SECURITY_PASSWORD) for the bus's login");
        }
        if (configuration.getMaxBodySize() != null) {
            throw new IllegalStateException("camel.server.max-body-size is not used by commerce-bus: set bus.http.max-body-size"
                    + " (BUS_HTTP_MAX_BODY_SIZE), the largest request body in bytes");
        }
        GuardedHttpServer server = new GuardedHttpServer();
        server.setCamelContext(camelContext);
        server.setHost(configuration.getHost());
        server.setPort(configuration.getPort());
        server.setPath(configuration.getPath());
        server.setUseGlobalSslContextParameters(configuration.isUseGlobalSslContextParameters());
        // no route takes files: nothing a caller sends is written to disk
        server.setFileUploadEnabled(false);
        server.setStaticEnabled(configuration.isStaticEnabled());
        server.setStaticContextPath(configuration.getStaticContextPath());
        server.setStaticSourceDir(configuration.getStaticSourceDir());
        return server;
    }

    @Override
    public Service newHttpManagementServer(CamelContext camelContext, HttpManagementServerConfigurationProperties configuration) {
        camelDefault.setCamelContext(camelContext);
        return camelDefault.newHttpManagementServer(camelContext, configuration);
    }

    /** Camel's server, with the guard as the first handler and the first failure handler of its router. */
    static final class GuardedHttpServer extends MainHttpServer {

        @Override
        protected void doStart() throws Exception {
            HttpGuard guard = getCamelContext().getRegistry().findSingleByType(HttpGuard.class);
            if (guard == null) {
                throw new IllegalStateException("The bus's HTTP server has no HttpGuard in the registry (BusConfiguration binds it)");
            }
            // Vert.x's body handler enforces the same limit on bodies sent without a Content-Length
            setMaxBodySize(guard.maxBodySize());
            super.doStart();
            // routes are added by their consumers after this, but the lowest order comes first whatever the time
            getRouter().route().order(Integer.MIN_VALUE).handler(guard::handle).failureHandler(guard::failed);
        }
    }
}
