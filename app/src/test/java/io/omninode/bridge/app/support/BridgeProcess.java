package io.omninode.bridge.app.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@code bridge run} in a child JVM from the packaged {@code bridge-app.jar}, as {@code ./bridge run}
 * starts it, for tests that kill it with SIGKILL: started, awaited until it prints its ready line,
 * its stdout drained, its log (stderr) kept in a file.
 */
public final class BridgeProcess {

    /**
     * After a SIGKILL the group waits out the dead member's session ({@code --session-timeout}) before
     * it rebalances; a restore from the changelogs comes on top, and CI machines are slow.
     */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(300);

    private BridgeProcess() {
    }

    /** Starts {@code bridge run <args>} with its log in {@code logDir}, and waits until it is ready. */
    public static Process start(Path logDir, String... args) throws IOException {
        Path jar = Path.of("target", "bridge-app.jar");
        assertThat(jar).as("packaged app jar (mvn verify packages before integration tests)").exists();
        Files.createDirectories(logDir);
        Path log = Files.createTempFile(logDir, "bridge", ".log");
        // its temporary files (RocksDB's native library, some 15 MB, is extracted there) stay with the test's
        // files: a process killed with SIGKILL never removes them
        Path tmp = Files.createDirectories(logDir.resolve("tmp"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Djava.io.tmpdir=" + tmp.toAbsolutePath(), "-jar", jar.toString(), "run"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8));
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("Bridge ready on ")) {
                        drain(out);
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        boolean isReady = ready.completeOnTimeout(false, READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        if (!isReady) {
            process.destroyForcibly();
        }
        assertThat(isReady).as("bridge process became ready; the end of its log:%n%s", tail(log)).isTrue();
        return process;
    }

    /** Stops {@code process} gracefully, forcibly when it does not stop within a minute. */
    public static void stop(Process process) throws InterruptedException {
        process.destroy();
        process.waitFor(60, TimeUnit.SECONDS);
        process.destroyForcibly();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private static void drain(BufferedReader out) {
        Thread drainer = new Thread(() -> {
            try (out) {
                while (out.readLine() != null) {
                    // keep the pipe empty so the process never blocks on stdout
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }, "bridge-stdout");
        drainer.setDaemon(true);
        drainer.start();
    }
}
