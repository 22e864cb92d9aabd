package io.omninode.bridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time (user plus system) of a process or of some of its threads, from Linux's {@code /proc}, in
 * clock ticks of {@value #TICKS_PER_SECOND} a second (Linux's {@code USER_HZ}).
 */
final class ProcessCpu {

    static final int TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** The whole process's ticks, all its threads included (ended ones too). */
    static long ticks(long pid) {
        try {
            return ticksOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ticks of the process's live threads whose name starts with {@code prefix} (Linux keeps 15 characters). */
    static long threadTicks(long pid, String prefix) throws IOException {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(task.resolve("comm")).trim().startsWith(prefix)) {
                        ticks += ticksOf(Files.readString(task.resolve("stat")));
                    }
                } catch (IOException e) {
                    // the thread ended
                }
            }
        }
        return ticks;
    }

    /** Cores kept busy: {@code ticks} spent over {@code nanos} of wall-clock time. */
    static double cores(long ticks, long nanos) {
        return ticks / (double) TICKS_PER_SECOND / (nanos / 1e9);
    }

    /** Microseconds of CPU per unit of work: {@code ticks} spent on {@code count} of them. */
    static double microsPer(long ticks, long count) {
        return count == 0 ? Double.NaN : ticks * (1e6 / TICKS_PER_SECOND) / count;
    }

    /**
     * utime plus stime of a {@code stat} line: its 14th and 15th fields, counted after the command
     * name, which is in parentheses and may itself hold spaces and parentheses.
     */
    static long ticksOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
