package io.omninode.bridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** A benchmark's working directory goes once it succeeded, and stays after a failure or with --keep-work. */
class BenchCommandTest {

    @TempDir
    Path out;

    @Command(name = "fake")
    static final class Fake extends BenchCommand {
        boolean fail;
        Path dir;

        @Override
        protected void run() throws Exception {
            dir = workDir("fake");
            Files.createDirectories(dir.resolve("data/kafka"));
            Files.writeString(dir.resolve("data/kafka/00000.log"), "records");
            Files.writeString(dir.resolve("bridge.log"), "log");
            if (fail) {
                throw new IllegalStateException("broken");
            }
        }
    }

    private Fake run(boolean fail, String... args) {
        Fake fake = new Fake();
        fake.fail = fail;
        String[] all = new String[args.length + 2];
        all[0] = "--out";
        all[1] = out.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int exit = new CommandLine(fake).execute(all);
        assertThat(exit).isEqualTo(fail ? 1 : 0);
        return fake;
    }

    @Test
    void shouldRemoveTheWorkingDirectoryOfABenchmarkThatSucceeded() {
        Fake fake = run(false);
        assertThat(fake.dir).doesNotExist();
        assertThat(fake.dir.getParent()).doesNotExist();
    }

    @Test
    void shouldKeepItAfterAFailure() {
        Fake fake = run(true);
        assertThat(fake.dir.resolve("bridge.log")).exists();
        assertThat(fake.dir.resolve("data/kafka/00000.log")).exists();
    }

    @Test
    void shouldKeepItWhenAskedTo() {
        Fake fake = run(false, "--keep-work");
        assertThat(fake.dir.resolve("data/kafka/00000.log")).exists();
    }
}
