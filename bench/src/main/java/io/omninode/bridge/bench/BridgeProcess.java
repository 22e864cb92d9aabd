package io.omninode.bridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM child process started from the jars the build produced: the real {@code bridge run}
 * ({@link #bridge}) or a baseline server of this module ({@link #benchMain}). Output goes to a
 * log file; {@link #peakRssBytes()} reads the kernel's high-water mark of resident memory.
 */
public final class BridgeProcess implements AutoCloseable {

    /** JVM flags every child gets, bridge and baselines alike, so they are compared on equal terms. */
    public static final List<String> JVM_FLAGS = List.of("-Xms512m", "-Xmx1g", "-XX:+UseG1GC", "-Djava.awt.headless=true");

    private final Process process;
    private final Path log;
    private final int httpPort;
    private final long startedNanos;
    private final Thread killOnExit;
    private long readyNanos = -1;
    private int kafkaPort = -1;

    private BridgeProcess(List<String> command, Path log, int httpPort) {
        this.log = log;
        this.httpPort = httpPort;
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            this.startedNanos = System.nanoTime();
            this.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // a benchmark interrupted by Ctrl-C or an uncaught error must not leave its children running
        this.killOnExit = new Thread(process::destroyForcibly, "kill-child-" + process.pid());
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * {@code java -jar app/target/bridge-app.jar run} with {@code args} (port, data dir, …) and
     * the {@link #JVM_FLAGS}; {@code httpPort} is where {@code /ready} is polled.
     */
    public static BridgeProcess bridge(Path root, int httpPort, Path log, List<String> args) {
        List<String> command = new ArrayList<>(java());
        command.add("-jar");
        command.add(requireBuilt(root, "app/target/bridge-app.jar").toString());
        command.add("run");
        command.addAll(args);
        return new BridgeProcess(command, log, httpPort);
    }

    /**
     * {@code bridge run} on its embedded broker with fresh free ports and a data dir under
     * {@code dir}, authentication off and no rate limit (a benchmark measures the path, not the
     * limiter), plus {@code extraArgs}.
     */
    public static BridgeProcess embedded(Path root, Path dir, String... extraArgs) {
        int[] ports = freePorts(3);
        int port = ports[0];
        int kafka = ports[1];
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port),
                "--kafka-port", Integer.toString(kafka), "--controller-port", Integer.toString(ports[2]),
                "--data-dir", dir.resolve("data").toString(), "--insecure", "--rate-limit", "0"));
        args.addAll(List.of(extraArgs));
        BridgeProcess bridge = bridge(root, port, dir.resolve("bridge.log"), args);
        bridge.kafkaPort = kafka;
        return bridge;
    }

    /** This module's {@link BenchCli} with {@code args} in a child JVM (baseline servers). */
    public static BridgeProcess benchMain(Path root, int httpPort, Path log, List<String> args) {
        List<String> command = new ArrayList<>(java());
        command.add("-cp");
        command.add(requireBuilt(root, "bench/target/bridge-bench.jar").toString());
        command.add(BenchCli.class.getName());
        command.addAll(args);
        return new BridgeProcess(command, log, httpPort);
    }

    private static Path requireBuilt(Path root, String jar) {
        Path path = root.resolve(jar);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path.toAbsolutePath().normalize() + " is missing: run the benchmark with "
                    + "bench/run from the repository root (it builds the jars), or pass --root");
        }
        return path;
    }

    private static List<String> java() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        String extra = System.getenv("BENCH_CHILD_JAVA_OPTS"); // e.g. a JFR recording while profiling
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        return command;
    }

    /** Polls {@code GET /ready} until 200; returns the seconds from process start. */
    public double awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url("/ready"))).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("process exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    readyNanos = System.nanoTime();
                    return (readyNanos - startedNanos) / 1e9;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(50);
        }
        throw new IllegalStateException("not ready within " + timeout.toSeconds() + " s; see " + log);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    /** The embedded broker's address ({@link #embedded} only). */
    public String kafkaBootstrap() {
        if (kafkaPort < 0) {
            throw new IllegalStateException("not a bridge with an embedded broker");
        }
        return "127.0.0.1:" + kafkaPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** Peak resident set size so far ({@code VmHWM} of /proc/PID/status), in bytes. */
    public long peakRssBytes() {
        return statusField("VmHWM:");
    }

    /** Current resident set size ({@code VmRSS}), in bytes. */
    public long rssBytes() {
        return statusField("VmRSS:");
    }

    private long statusField(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(name + " not in /proc status");
    }

    /** SIGKILL, as a crash: nothing of the process runs after it. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, then SIGKILL after 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs and finds the process gone
        }
    }

    /** A free TCP port on loopback. */
    public static int freePort() {
        return freePorts(1)[0];
    }

    /**
     * {@code count} distinct free ports: the sockets stay open until all are chosen, since the system
     * may hand out a port it has just released again (a broker's Kafka and controller port, asked for
     * one after the other, once came out the same).
     */
    public static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                socket.setReuseAddress(true);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
