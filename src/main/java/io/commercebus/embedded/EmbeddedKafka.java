package io.commercebus.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * A single-node Kafka broker (KRaft: broker and controller in one) inside the bus's JVM, for the
 * embedded defaults and the tests. The data directory is formatted on first start only, so events
 * survive a restart.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    /** Not "localhost": clients and the broker must agree on one address family. */
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;
    private FileChannel lock;

    /** @param port the client port; 0 picks a free one. The controller port likewise. */
    public EmbeddedKafka(Path dir, int port, int controllerPort) {
        this.dir = dir.toAbsolutePath();
        this.port = port == 0 ? freePort() : port;
        this.controllerPort = controllerPort == 0 ? freePort() : controllerPort;
    }

    public void start() {
        long started = System.nanoTime();
        requireFree(port);
        requireFree(controllerPort);
        guardJvmExit();
        lock = lockDirectory();
        try {
            boolean fresh = !Files.exists(dir.resolve("meta.properties"));
            if (fresh) {
                format();
            }
            server = new KafkaRaftServer(new KafkaConfig(config(), false), Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                // the controller starts before the broker: stop it too, or its threads stay behind
                server.shutdown();
                server.awaitShutdown();
                throw e;
            }
            LOG.info("Kafka broker (embedded, KRaft) at {} in {} ms, data in {}{}", bootstrapServers(),
                    (System.nanoTime() - started) / 1_000_000, dir, fresh ? " (new)" : "");
        } catch (RuntimeException e) {
            releaseLock();
            throw e;
        }
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
        releaseLock();
    }

    private Properties config() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.toString());
        // one node: internal topics cannot have the default three replicas
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        // after an unclean stop the old broker session must expire before the new one registers
        p.put("broker.session.timeout.ms", "3000");
        p.put("broker.heartbeat.interval.ms", "1000");
        // the log cleaner's default 128 MiB on-heap buffer is far more than an embedded broker needs
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        return p;
    }

    private void format() {
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
            new Formatter()
                    .setPrintStream(quiet)
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(dir.toString())
                    .addDirectory(dir.toString())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format the Kafka data directory " + dir, e);
        }
    }

    /** Kafka takes its own lock only after opening the metadata log: take one first. */
    private FileChannel lockDirectory() {
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve("embedded.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                if (channel.tryLock() == null) {
                    channel.close();
                    throw new IllegalStateException("The Kafka data directory " + dir + " is used by another process");
                }
            } catch (OverlappingFileLockException e) {
                channel.close();
                throw new IllegalStateException("The Kafka data directory " + dir + " is used by another broker in this JVM", e);
            }
            return channel;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void releaseLock() {
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException e) {
                LOG.debug("Releasing {} failed", dir, e);
            }
            lock = null;
        }
    }

    /**
     * Kafka answers fatal faults (a port taken, a failed disk) with Runtime.halt of the whole JVM.
     * In the bus that would kill every flow; log the fault instead and let start() fail.
     */
    private static synchronized void guardJvmExit() {
        Exit.Procedure logInstead = (status, message) ->
                LOG.error("Kafka asked to halt the JVM ({}): {}; the bus keeps running", status, message);
        Exit.setHaltProcedure(logInstead);
        Exit.setExitProcedure(logInstead);
    }

    private static void requireFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, port));
        } catch (IOException e) {
            throw new IllegalStateException("Port " + port + " on " + HOST + " is taken: set bus.kafka.embedded.port"
                    + " (and .controller-port) to free ones", e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
