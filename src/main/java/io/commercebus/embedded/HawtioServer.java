package io.commercebus.embedded;

import io.commercebus.security.ApiLogin;
import org.eclipse.jetty.ee10.servlet.security.ConstraintMapping;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Hawtio, the web console operators watch the routes in, served from the unpacked hawtio-war by an
 * embedded Jetty at {@code /hawtio}. Its Jolokia agent reads the Camel MBeans of this JVM, so the
 * Camel tab shows every route with live exchange counts. With the bus's login configured, every path of
 * the console and of Jolokia asks for it (HTTP Basic, the browser's own dialog); without one it is open
 * and says so.
 */
public final class HawtioServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HawtioServer.class);

    private final Path webapp;
    private final String host;
    private final int port;
    private final ApiLogin login;
    private Server server;

    /**
     * @param webapp the unpacked hawtio-war (the build puts it in target/hawtio)
     * @param port   0 picks a free port
     * @param login  the bus's login, or null for none
     */
    public HawtioServer(Path webapp, String host, int port, ApiLogin login) {
        this.webapp = webapp;
        this.host = host;
        this.port = port;
        this.login = login;
    }

    public void start() throws Exception {
        if (!Files.isRegularFile(webapp.resolve("WEB-INF/web.xml"))) {
            throw new IllegalStateException("No Hawtio web console in " + webapp.toAbsolutePath()
                    + ": build with mvn (it unpacks io.hawt:hawtio-war there), set bus.hawtio.dir, or bus.hawtio.enabled=false");
        }
        // Hawtio 4 reads its settings only from JVM system properties, before it starts; its own login needs a
        // JAAS realm, the servlet container's Basic authentication below needs none
        System.setProperty("hawtio.authenticationEnabled", "false");
        // the proxy servlet would relay requests to other hosts without credentials
        System.setProperty("hawtio.disableProxy", "true");

        server = new Server(new QueuedThreadPool(16, 2, 60_000));
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        WebAppContext context = new WebAppContext();
        context.setContextPath("/hawtio");
        context.setWar(webapp.toAbsolutePath().toString());
        // the war's own libraries (Jolokia...) come first, but logging is the bus's, or Hawtio would
        // start a second log4j with its own configuration
        context.setParentLoaderPriority(false);
        context.getProtectedClassMatcher().add("org.slf4j.", "org.apache.logging.log4j.");
        context.setThrowUnavailableOnStartupException(true);
        if (login != null) {
            context.setSecurityHandler(loginRequired());
        }
        server.setHandler(context);
        server.start();
        if (login == null) {
            LOG.warn("Hawtio at {} has no login: it may start, stop and inspect every route. Set bus.security.password,"
                    + " keep it on a trusted network (bus.hawtio.host) or disable it (bus.hawtio.enabled=false).", url());
        }
    }

    /** Every path, the console's and Jolokia's, for the bus's login only. */
    private ConstraintSecurityHandler loginRequired() {
        ConstraintMapping everything = new ConstraintMapping();
        everything.setPathSpec("/*");
        everything.setConstraint(Constraint.ANY_USER);
        ConstraintSecurityHandler security = new ConstraintSecurityHandler();
        security.addConstraintMapping(everything);
        security.setAuthenticator(new BasicAuthenticator());
        security.setRealmName(ApiLogin.REALM);
        security.setLoginService(new HawtioLogin(login));
        return security;
    }

    public String url() {
        int actual = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        String shownHost = host.equals("0.0.0.0") ? "localhost" : host;
        return "http://" + shownHost + ":" + actual + "/hawtio/";
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
