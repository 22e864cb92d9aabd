package io.omninode.bridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Options every benchmark shares, and the report its rows go to. */
@Command(mixinStandardHelpOptions = true)
public abstract class BenchCommand implements Callable<Integer> {

    @Option(names = "--root", paramLabel = "DIR", defaultValue = ".",
            description = "The repository root (where app/target/bridge-app.jar was built; default: .).")
    protected Path root;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "20",
            description = "Measured seconds per figure (default: ${DEFAULT-VALUE}).")
    protected int durationSeconds;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "10",
            description = "Warm-up seconds before each measurement, not recorded (default: ${DEFAULT-VALUE}).")
    protected int warmupSeconds;

    @Option(names = "--jit-warmup", paramLabel = "SECONDS", defaultValue = "150",
            description = "Before the first figure of the bridge, its measured paths at saturation for this long, not "
                    + "recorded, so that the figures are of a compiled bridge rather than of its first minutes "
                    + "(default: ${DEFAULT-VALUE}; on two cores ingest gave 0.22 of the baseline after 40 s and 0.29"
                    + " after 150 s; 0 measures a cold bridge).")
    protected int jitWarmupSeconds;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench/results",
            description = "Where the Markdown table, logs and plots go (default: ${DEFAULT-VALUE}).")
    protected Path out;

    @Option(names = "--keep-work", description = "Keep the working directory (data dirs, logs) of a benchmark that "
            + "succeeded; one that failed is always kept. Batch ingest leaves several GB.")
    protected boolean keepWork;

    private Report report;
    private final List<Path> workDirs = new ArrayList<>();

    /** Runs the benchmark; a failure is reported in one line and exits 1 (no stack trace). */
    @Override
    public final Integer call() {
        String name = getClass().getAnnotation(Command.class).name();
        try {
            run();
            if (!keepWork) {
                workDirs.forEach(BenchCommand::delete);
                workDirs.forEach(dir -> removeIfEmpty(dir.getParent())); // work-<time>, once no benchmark uses it
            }
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Report.progress("%s interrupted", name);
            return 1;
        } catch (Exception e) {
            Report.progress("%s FAILED: %s%s", name, e.getMessage() != null ? e.getMessage() : e.toString(),
                    workDirs.isEmpty() ? "" : " (logs and data kept in " + workDirs + ")");
            return 1;
        }
    }

    private static void removeIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // not empty (another benchmark's directory, or one kept after a failure): stays
        }
    }

    /** Removes {@code dir} and everything in it; a file that cannot be removed is reported, not fatal. */
    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    Report.progress("could not remove %s: %s", path, e.getMessage());
                }
            });
        } catch (IOException | UncheckedIOException e) {
            Report.progress("could not remove %s: %s", dir, e.getMessage());
        }
    }

    /** Measures and adds its rows to {@link #report()}; throws when a figure cannot be measured. */
    protected abstract void run() throws Exception;

    protected Duration duration() {
        return Duration.ofSeconds(durationSeconds);
    }

    protected Duration warmup() {
        return Duration.ofSeconds(warmupSeconds);
    }

    /**
     * The bridge runs a broker, Kafka Streams and an HTTP stack in one JVM: on two cores its one C2
     * compiler thread is still busy a minute or more after the start, and a figure measured
     * meanwhile is of interpreted and C1 code (ingest at saturation: about half its later rate).
     * Benchmarks spend this long on their paths first; what is left of the JIT's backlog (mostly
     * the broker's code) may still compete with the figures.
     */
    protected Duration jitWarmup() {
        return Duration.ofSeconds(Math.max(0, jitWarmupSeconds));
    }

    /** The report shared by every benchmark of this run (one file per run). */
    protected Report report() {
        if (report == null) {
            report = new Report(out.resolve("run-" + RUN_STAMP + ".md"));
        }
        return report;
    }

    /** A fresh working directory for this run's data dirs and logs, removed once the benchmark succeeded. */
    protected Path workDir(String name) {
        try {
            Path dir = Files.createDirectories(out.resolve("work-" + RUN_STAMP).resolve(name));
            workDirs.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Shares one report between the benchmarks that {@code all} runs. */
    void shareReport(BenchCommand other) {
        this.report = other.report();
    }

    static final String RUN_STAMP = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
}
