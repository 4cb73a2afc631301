package io.commercebus.bench;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * The baseline of the intake and start-up benchmarks: Camel Main on the bus's HTTP server stack
 * (camel-platform-http-main, the same server settings) with one route that answers a webhook 200
 * without looking at it or storing anything. It reads none of the bus's settings files.
 *
 * <pre>java ... io.commercebus.bench.BareCamel &lt;port&gt;</pre> runs it until stopped (a child JVM of
 * the start-up benchmark), printing {@value #UP} once its route runs.
 */
public final class BareCamel {

    static final String UP = "bare Camel is up";

    private BareCamel() {
    }

    public static void main(String[] args) throws Exception {
        Main main = create(Integer.parseInt(args[0]));
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport started) {
                System.out.println(UP);
            }
        });
        main.run();
    }

    /** Starts it in this JVM and returns once the route runs. */
    static Main start(int port) {
        Main main = create(port);
        main.start();
        return main;
    }

    private static Main create(int port) {
        Main main = new Main();
        // not the bus's application.properties on the same class path
        main.setDefaultPropertyPlaceholderLocation("false");
        main.configure().setName("bare-camel");
        main.configure().httpServer().setEnabled(true);
        main.configure().httpServer().setHost("0.0.0.0");
        main.configure().httpServer().setPort(port);
        main.configure().httpServer().setMaxBodySize(1048576L);
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/webhooks/{marketplace}/{store}?httpMethodRestrict=POST").routeId("bare-webhook")
                        .setHeader("Content-Type", constant("application/json"))
                        .setBody(constant("{\"status\":\"accepted\"}"));
            }
        });
        return main;
    }
}
