package io.commercebus.deploy;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/: the compose file's shape (services, health checks, start order, replicas, the shared cluster
 * directory), that every variable it and .env.example give the bus is one the bus reads, and that the
 * Dockerfile copies what exists and runs the jar the build makes. Docker itself is not needed.
 */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path DOCKER = ROOT.resolve("docker");
    private static final Pattern ENV_LINE = Pattern.compile("^#?\\s*([A-Z][A-Z0-9_]*)=");

    @Test
    void theComposeFileRunsTwoBusesOnPostgresAndKafkaEachWithItsHealthCheck() throws IOException {
        Map<String, Object> compose = yaml(DOCKER.resolve("compose.yaml"));
        Map<String, Object> services = map(compose, "services");
        assertThat(services).containsKeys("bus", "postgres", "kafka");
        services.forEach((name, service) -> assertThat(map(cast(service), "healthcheck"))
                .as(name + " health check").containsKey("test"));

        Map<String, Object> postgres = map(services, "postgres");
        assertThat(postgres.get("image")).isEqualTo("postgres:16");
        assertThat(map(postgres, "healthcheck").get("test").toString()).contains("pg_isready");
        assertThat(postgres.get("volumes").toString()).contains(":/var/lib/postgresql/data");

        Map<String, Object> kafka = map(services, "kafka");
        assertThat(kafka.get("image").toString()).startsWith("apache/kafka:");
        assertThat(environment(kafka).get("KAFKA_PROCESS_ROLES")).as("KRaft").isEqualTo("broker,controller");

        Map<String, Object> bus = map(services, "bus");
        assertThat(map(bus, "deploy").get("replicas")).isEqualTo(2);
        assertThat(map(bus, "build").get("dockerfile")).isEqualTo("docker/Dockerfile");
        Map<String, Object> dependsOn = map(bus, "depends_on");
        assertThat(dependsOn).containsOnlyKeys("postgres", "kafka");
        dependsOn.values().forEach(d -> assertThat(((Map<?, ?>) d).get("condition")).isEqualTo("service_healthy"));
        assertThat(map(bus, "healthcheck").get("test").toString()).contains("/app/healthcheck.sh", "/observe/health/ready");
        assertThat(bus.get("env_file")).isEqualTo(".env");

        Map<String, String> env = environment(bus);
        assertThat(env).containsEntry("COMMERCE_BUS_PROFILE", "prod").containsEntry("BUS_CLUSTER_ENABLED", "true")
                .containsEntry("BUS_HAWTIO_ENABLED", "true").containsEntry("BUS_HAWTIO_PORT", "8090");
        assertThat(env.get("BUS_DB_URL")).startsWith("jdbc:postgresql://postgres:5432/");
        // the leader-election directory: one named volume every replica mounts at bus.cluster.root
        String clusterRoot = env.get("BUS_CLUSTER_ROOT");
        String clusterMount = ((List<?>) bus.get("volumes")).stream().map(Object::toString)
                .filter(v -> v.endsWith(":" + clusterRoot)).findFirst().orElseThrow(() ->
                        new AssertionError("no volume mounted at BUS_CLUSTER_ROOT " + clusterRoot));
        assertThat(map(compose, "volumes")).containsKey(clusterMount.substring(0, clusterMount.indexOf(':')));
        // the settings file named by COMMERCE_BUS_CONFIG is mounted from docker/
        assertThat(bus.get("volumes").toString()).contains("./bus.properties:" + env.get("COMMERCE_BUS_CONFIG"));
        // secrets: every one a service uses is declared, from a file
        for (Object service : services.values()) {
            Object secrets = ((Map<?, ?>) service).get("secrets");
            for (Object secret : secrets == null ? List.of() : (List<?>) secrets) {
                assertThat(map(map(compose, "secrets"), secret.toString())).containsKey("file");
            }
        }
        assertThat(bus.get("ports").toString()).contains(":8080", ":8090");
    }

    @Test
    void everyVariableTheDeploymentGivesTheBusIsOneItReads() throws IOException {
        KnownSettings known = new KnownSettings(ROOT, DOCKER.resolve("bus.properties"));
        Map<String, String> given = new LinkedHashMap<>(environment(map(map(yaml(DOCKER.resolve("compose.yaml")),
                "services"), "bus")));
        given.putAll(envExample());
        given.putAll(dockerfileEnv());
        assertThat(given).containsKeys("BUS_DB_URL", "BUS_NETSUITE_TOKEN_SECRET", "BUS_STORE_SHOP1_ACCESS_TOKEN",
                "BUS_KAFKA_CLIENT_SASL_JAAS_CONFIG", "BUS_HAWTIO_DIR");

        assertThat(unread(known, given.keySet())).as("variables the bus does not read").isEmpty();
    }

    @Test
    void aMisspelledVariableOrAStoreTheSettingsFileDoesNotDeclareIsCaught() {
        KnownSettings known = new KnownSettings(ROOT, DOCKER.resolve("bus.properties"));

        assertThat(unread(known, List.of("BUS_DB_URL", "BUS_DB_PASSWORD_FILE", "COMMERCE_BUS_CONFIG", "BUS_POLL_TICK",
                "BUS_STORE_SHOP1_ACCESS_TOKEN", "BUS_KAFKA_CLIENT_SECURITY_PROTOCOL",
                "BUS_DB_ULR", "BUS_HAWTIO_ENABLE", "BUS_STORE_SHOP1_ACESS_TOKEN", "BUS_STORE_SHOP2_ACCESS_TOKEN",
                "BUS_NETSUITE_TOKEN_SECRET_FLE", "COMMERCE_BUS_PROFIL", "PATH_FILE")))
                .containsExactly("BUS_DB_ULR", "BUS_HAWTIO_ENABLE", "BUS_STORE_SHOP1_ACESS_TOKEN",
                        "BUS_STORE_SHOP2_ACCESS_TOKEN", "BUS_NETSUITE_TOKEN_SECRET_FLE", "COMMERCE_BUS_PROFIL", "PATH_FILE");
    }

    @Test
    void theDockerfileCopiesWhatExistsAndRunsTheJarTheBuildMakes() throws Exception {
        List<String> lines = Files.readAllLines(DOCKER.resolve("Dockerfile"));
        String finalName = pom().getElementsByTagName("finalName").item(0).getTextContent().trim();
        List<String> ignored = Files.readAllLines(DOCKER.resolve("Dockerfile.dockerignore")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();

        String stage = null;
        for (String line : lines) {
            String[] words = line.trim().split("\\s+");
            if (words[0].equals("FROM")) {
                stage = words[words.length - 1];
            }
            if (!words[0].equals("COPY")) {
                continue;
            }
            if (words[1].startsWith("--from=")) {
                for (int i = 2; i < words.length - 1; i++) {
                    assertThat(words[i]).as(line).startsWith("/src/target/");
                }
                continue;
            }
            for (int i = 1; i < words.length - 1; i++) {
                assertThat(ROOT.resolve(words[i])).as(line + " (in stage " + stage + ")").exists();
                assertThat(ignored).as(words[i] + " left out of the build context").doesNotContain(words[i]);
            }
        }
        assertThat(String.join("\n", lines)).contains("COPY --from=build /src/target/" + finalName + ".jar ./")
                .contains("\"-jar\", \"" + finalName + ".jar\"]")
                .contains("USER commercebus")
                .contains("HEALTHCHECK").contains("/app/healthcheck.sh");
        assertThat(lines.stream().filter(l -> l.startsWith("FROM ")).count()).as("multi-stage").isEqualTo(2);
    }

    @Test
    void theHealthCheckScriptPassesOnlyOnA200() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/observe/health/ready", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/observe/health/down", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try {
            String port = Integer.toString(server.getAddress().getPort());
            assertThat(healthCheck(port, "/observe/health/ready")).isZero();
            assertThat(healthCheck(port, "/observe/health/down")).isNotZero();
        } finally {
            server.stop(0);
        }
        assertThat(healthCheck(port(), "/observe/health/ready")).as("nothing listening").isNotZero();
    }

    private static List<String> unread(KnownSettings known, Iterable<String> variables) {
        List<String> unread = new ArrayList<>();
        variables.forEach(v -> {
            if (!known.reads(v)) {
                unread.add(v);
            }
        });
        return unread;
    }

    private static int healthCheck(String port, String path) throws Exception {
        Process p = new ProcessBuilder("bash", DOCKER.resolve("healthcheck.sh").toString(), port, path)
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    private static String port() throws IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return Integer.toString(socket.getLocalPort());
        }
    }

    /** NAME=value lines of .env.example, commented examples included. */
    private static Map<String, String> envExample() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DOCKER.resolve(".env.example"))) {
            Matcher m = ENV_LINE.matcher(line);
            if (m.find()) {
                env.put(m.group(1), line.substring(m.end()));
            }
        }
        return env;
    }

    /** The Dockerfile's ENV names (NAME=value, continued lines included). */
    private static Map<String, String> dockerfileEnv() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^ENV\\s+((?:.*\\\\\\n)*.*)$").matcher(Files.readString(DOCKER.resolve("Dockerfile")));
        while (m.find()) {
            for (String pair : m.group(1).replace("\\\n", " ").trim().split("\\s+")) {
                env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        return env;
    }

    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object declared = service.get("environment");
        if (declared instanceof Map<?, ?> m) {
            m.forEach((k, v) -> env.put(k.toString(), v == null ? "" : v.toString()));
        } else if (declared instanceof List<?> l) {
            l.forEach(e -> env.put(e.toString().split("=", 2)[0], e.toString().contains("=") ? e.toString().split("=", 2)[1] : ""));
        }
        return env;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws IOException {
        return (Map<String, Object>) new Load(LoadSettings.builder().setLabel(file.toString()).build())
                .loadFromString(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object child = parent.get(key);
        assertThat(child).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) child;
    }

    private static Document pom() throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile());
    }
}
