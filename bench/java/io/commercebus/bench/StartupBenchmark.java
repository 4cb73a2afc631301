package io.commercebus.bench;

import com.sun.tools.attach.VirtualMachine;
import io.commercebus.connector.bigcommerce.BigCommerceWebhooks;
import io.commercebus.it.TestBus;

import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * Start-up time and memory of the bus on its embedded defaults (the dev profile: H2 file database,
 * Kafka broker, Hawtio, every sandbox and its demo generator, on free ports under a fresh folder),
 * side by side with a bare Camel Main serving one platform-http route ({@link BareCamel}). Each run
 * launches a child JVM (same {@value #HEAP} for both) and measures:
 * <ul>
 *   <li>start-up: from launching the JVM to the line saying it is up, read from its output (the bus
 *   prints it once Camel has started every route);</li>
 *   <li>memory {@value #SETTLE_SECONDS} s later: the resident set (VmRSS of /proc/&lt;pid&gt;/status), then
 *   heap and non-heap in use after a full GC (through the attach API, which starts a JMX agent in the
 *   child: both children carry it);</li>
 *   <li>the same after {@value #LOAD_SECONDS} s of BigCommerce webhooks over {@value #LOAD_CONNECTIONS}
 *   connections (closed loop, as {@code bench/run intake}).</li>
 * </ul>
 * The runs alternate bus and baseline; the table shows medians.
 *
 * <pre>bench/run startup [runs]</pre>
 */
public final class StartupBenchmark {

    static final String HEAP = "-Xmx1g";
    static final int SETTLE_SECONDS = 10;
    static final int LOAD_SECONDS = 10;
    static final int LOAD_CONNECTIONS = 8;
    static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    public static void main(String[] args) throws Exception {
        String[] a = String.join(" ", args).trim().isEmpty() ? new String[0] : String.join(" ", args).trim().split("\\s+");
        int runs = a.length > 0 ? Integer.parseInt(a[0]) : 5;
        Path hawtio = Path.of(System.getProperty("hawtio.dir", "target/hawtio")).toAbsolutePath();
        if (!Files.isDirectory(hawtio.resolve("WEB-INF"))) {
            throw new IllegalStateException("Hawtio is not unpacked in " + hawtio + ": run the build once (mvn -o -q compile)");
        }
        System.out.printf("%d runs each, child JVMs with %s, %s; memory %d s after start-up and after %d s of webhooks%n",
                runs, HEAP, System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), SETTLE_SECONDS,
                LOAD_SECONDS);
        List<Run> bus = new ArrayList<>();
        List<Run> bare = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            bus.add(measure("commerce-bus", i, dir -> busCommand(dir, hawtio)));
            bare.add(measure("bare Camel", i, StartupBenchmark::bareCommand));
        }

        System.out.println();
        System.out.printf("%-72s %9s %9s %9s %9s %9s %9s %9s%n", "median of " + runs + " runs (" + HEAP + ")", "start s",
                "heap MB", "nonheap", "RSS MB", "webhooks", "heap MB", "RSS MB");
        System.out.printf("%-72s %9s %9s %9s %9s %9s %9s %9s%n", "", "", "after", "start", "", "in " + LOAD_SECONDS + " s", "after", "them");
        print("commerce-bus, embedded defaults (H2, Kafka, Hawtio, 5 sandboxes, demo generators)", bus);
        print("bare Camel Main, one platform-http route", bare);
        System.out.println();
        System.out.println("start-up seconds, run by run: commerce-bus " + seconds(bus) + "; bare Camel " + seconds(bare));
        System.exit(0);
    }

    /** One child JVM's numbers. */
    record Run(double startSeconds, Memory afterStart, int webhooks, Memory afterLoad) {
    }

    record Memory(double heapMb, double nonHeapMb, double rssMb) {
    }

    /** The child's command line and the line it prints once up, given its free port and a fresh folder. */
    record Child(List<String> command, Map<String, String> environment, String upMarker, int port) {
    }

    interface ChildFactory {
        Child create(Path dir) throws IOException;
    }

    static Run measure(String name, int run, ChildFactory factory) throws Exception {
        Path dir = Files.createTempDirectory("commerce-bus-startup");
        Child child = factory.create(dir);
        ProcessBuilder builder = new ProcessBuilder(child.command()).redirectErrorStream(true);
        builder.environment().putAll(child.environment());
        Path log = dir.resolve("child.log");
        CompletableFuture<Long> up = new CompletableFuture<>();
        long launched = System.nanoTime();
        Process process = builder.start();
        Thread reader = new Thread(() -> follow(process, log, child.upMarker(), up), "child-output");
        reader.setDaemon(true);
        reader.start();
        boolean measured = false;
        try {
            long upAt;
            try {
                upAt = up.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(name + " did not say '" + child.upMarker() + "' within " + START_TIMEOUT
                        + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")") + "; its output: " + log, e);
            }
            double startSeconds = (upAt - launched) / 1e9;
            Thread.sleep(SETTLE_SECONDS * 1000L);
            Memory afterStart = memory(process.pid());
            LoopbackLoad.Outcome load = LoopbackLoad.run(child.port(), LOAD_CONNECTIONS, Duration.ZERO,
                    Duration.ofSeconds(LOAD_SECONDS), webhooks());
            Memory afterLoad = memory(process.pid());
            System.out.printf("%s run %d: up in %.2f s; after start heap %.0f MB, RSS %.0f MB; %d webhooks (%d errors);"
                            + " after them heap %.0f MB, RSS %.0f MB%n", name, run, startSeconds, afterStart.heapMb(),
                    afterStart.rssMb(), load.latencies().count(), load.errors(), afterLoad.heapMb(), afterLoad.rssMb());
            measured = true;
            return new Run(startSeconds, afterStart, load.latencies().count(), afterLoad);
        } finally {
            // a throwaway folder: no need to wait for a graceful stop; kept with the child's log if the run failed
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            if (measured) {
                delete(dir);
            }
        }
    }

    /** Copies the child's output to its log and notes when the up line appears. */
    private static void follow(Process process, Path log, String marker, CompletableFuture<Long> up) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!up.isDone() && line.contains(marker)) {
                    up.complete(System.nanoTime());
                }
                out.println(line);
            }
        } catch (IOException e) {
            up.completeExceptionally(e);
        }
        up.completeExceptionally(new IllegalStateException("the child's output ended"));
    }

    /** The resident set first (as the system sees the running JVM), then heap and non-heap after a full GC. */
    static Memory memory(long pid) throws Exception {
        double rss = rssMb(pid);
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(jmx.getMBeanServerConnection(),
                    ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
            memory.gc();
            return new Memory(memory.getHeapMemoryUsage().getUsed() / 1048576.0,
                    memory.getNonHeapMemoryUsage().getUsed() / 1048576.0, rss);
        }
    }

    static double rssMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
    }

    /** The bus as {@code mvn exec:exec} runs it, with every port free and every file under the run's folder. */
    static Child busCommand(Path dir, Path hawtio) throws IOException {
        int port = freePort();
        String settings = String.join("\n",
                "bus.db.url = jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE",
                "bus.kafka.embedded.dir = " + dir.resolve("kafka"),
                "bus.kafka.embedded.port = " + freePort(),
                "bus.kafka.embedded.controller-port = " + freePort(),
                "bus.sandbox.state-dir = " + dir.resolve("sandbox"),
                "bus.store.demo.payouts.dir = " + dir.resolve("payouts/demo"),
                "bus.store.woo-demo.payouts.dir = " + dir.resolve("payouts/woo-demo"),
                "camel.server.port = " + port,
                "bus.public-url = http://127.0.0.1:" + port,
                "bus.hawtio.port = " + freePort(),
                "bus.sandbox.netsuite.port = 0",
                "bus.sandbox.bigcommerce.port = 0",
                "bus.sandbox.woocommerce.port = 0",
                "bus.sandbox.amazon.port = 0",
                "bus.sandbox.walmart.port = 0", "");
        Path file = dir.resolve("bench.properties");
        Files.writeString(file, settings);
        return new Child(List.of(java(), HEAP, "-Dhawtio.dir=" + hawtio, "-cp", System.getProperty("java.class.path"),
                "io.commercebus.CommerceBus"), Map.of("COMMERCE_BUS_CONFIG", file.toString()), "commerce-bus is up", port);
    }

    static Child bareCommand(Path dir) throws IOException {
        int port = freePort();
        return new Child(List.of(java(), HEAP, "-cp", System.getProperty("java.class.path"), BareCamel.class.getName(),
                Integer.toString(port)), Map.of(), BareCamel.UP, port);
    }

    /** store/order/created for order ids the sandbox store does not have: the bus announces them, then dead-letters them at fetch. */
    static LoopbackLoad.Requests webhooks() {
        Map<String, String> headers = Map.of("Content-Type", "application/json",
                BigCommerceWebhooks.SECRET_HEADER, TestBus.WEBHOOK_SECRET);
        String path = "/webhooks/bigcommerce/" + TestBus.STORE;
        return n -> {
            String id = Long.toString(1_000_000 + n);
            String body = "{\"scope\":\"store/order/created\",\"store_id\":\"1001\",\"data\":{\"type\":\"order\",\"id\":" + id
                    + "},\"hash\":\"" + Long.toHexString(n * 31) + "\",\"created_at\":" + Instant.now().getEpochSecond()
                    + ",\"producer\":\"stores/demo1\"}";
            return new LoopbackLoad.Request(path, headers, body.getBytes(StandardCharsets.UTF_8), id);
        };
    }

    private static void print(String name, List<Run> runs) {
        System.out.printf("%-72s %9.2f %9.0f %9.0f %9.0f %9.0f %9.0f %9.0f%n", name,
                median(runs, Run::startSeconds), median(runs, r -> r.afterStart().heapMb()),
                median(runs, r -> r.afterStart().nonHeapMb()), median(runs, r -> r.afterStart().rssMb()),
                median(runs, Run::webhooks), median(runs, r -> r.afterLoad().heapMb()), median(runs, r -> r.afterLoad().rssMb()));
    }

    static double median(List<Run> runs, ToDoubleFunction<Run> value) {
        double[] v = runs.stream().mapToDouble(value).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String seconds(List<Run> runs) {
        return Arrays.toString(runs.stream().mapToDouble(Run::startSeconds).mapToObj(s -> String.format("%.2f", s)).toArray());
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private StartupBenchmark() {
    }
}
