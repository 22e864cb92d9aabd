package io.omninode.bridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * One table row per figure: the bridge, its baseline measured in the same run, the ratio and the
 * DESIGN.md §8 goal. Rows go to stdout as they are measured and to a Markdown file under
 * {@code bench/results/} (ignored by git) so a full run can be pasted into docs/BENCHMARKS.md.
 */
public final class Report {

    private static final String HEADER = "| benchmark | figure | bridge | baseline | ratio | goal | met |\n"
            + "|---|---|---:|---:|---:|---|---|\n";

    private final Path file;

    public Report(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) {
                Files.writeString(file, HEADER, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.print(HEADER);
    }

    /** Whether a goal is met: {@code YES}, {@code NO}, or {@code n/a} for figures without a goal. */
    public enum Met { YES, NO, NA }

    /**
     * One row. {@code baseline} may be NaN when the figure has no baseline (the ratio is then
     * left empty); {@code unit} is appended to both values.
     */
    public void row(String benchmark, String figure, double bridge, double baseline, String unit, String goal, Met met) {
        String ratio = Double.isNaN(baseline) || baseline == 0 ? "" : String.format(Locale.ROOT, "%.2f", bridge / baseline);
        String line = String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", benchmark, figure,
                format(bridge, unit), Double.isNaN(baseline) ? "" : format(baseline, unit), ratio, goal,
                met == Met.NA ? "" : met == Met.YES ? "yes" : "**no**");
        System.out.print(line);
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Met met(boolean condition) {
        return condition ? Met.YES : Met.NO;
    }

    private static String format(double value, String unit) {
        String number = Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
        return unit.isEmpty() ? number : number + " " + unit;
    }

    /** A progress line on stderr, so the table on stdout stays clean. */
    public static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, "bench: " + format + "%n", args);
    }
}
