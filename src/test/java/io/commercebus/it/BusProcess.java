package io.commercebus.it;

import io.commercebus.CommerceBus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The bus as a process of its own, started as an operator starts it: {@code java -cp … CommerceBus}
 * with a profile and a settings file ({@code COMMERCE_BUS_PROFILE}, {@code COMMERCE_BUS_CONFIG}), its
 * output appended to a log file. It can be killed with SIGKILL and started again on the same settings.
 */
final class BusProcess implements AutoCloseable {

    private final Path settingsFile;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    BusProcess(Path dir, Map<String, String> settings) {
        this.settingsFile = dir.resolve("bus.properties");
        this.log = dir.resolve("bus.log");
        this.port = Integer.parseInt(settings.get("camel.server.port"));
        Properties p = new Properties();
        p.putAll(settings);
        try (var out = Files.newBufferedWriter(settingsFile)) {
            p.store(out, "commerce-bus settings of a test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path log() {
        return log;
    }

    /** Starts the process and returns once it is ready (its readiness probe answers 200). */
    void start(Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx768m");
        command.add("-cp");
        command.add(classpath());
        command.add(CommerceBus.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("COMMERCE_BUS_PROFILE", "prod");
        builder.environment().put("COMMERCE_BUS_CONFIG", settingsFile.toString());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!answers()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The bus process exited with " + process.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The bus process did not answer within " + timeout + "; see " + log);
            }
            sleep(200);
        }
    }

    /** Kills the process with SIGKILL (no shutdown hook runs) and returns its exit status. */
    int kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The bus process survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    private boolean answers() {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health/ready"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Surefire runs tests from a manifest-only jar; the real class path is in surefire.test.class.path. */
    private static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
