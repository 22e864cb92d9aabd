package io.omninode.bridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** {@code bridge run --config FILE}: every option from a YAML file, flags and BRIDGE_* variables over it. */
class RunDefaultsTest {

    private static final Map<String, String> NO_ENVIRONMENT = Map.of();

    @TempDir
    Path dir;

    @Test
    void shouldSetEveryOptionAFlagCanSet() throws Exception {
        List<String> flags = new ArrayList<>(List.of("run"));
        StringBuilder yaml = new StringBuilder();
        for (OptionSpec option : runOptions(BridgeCli.commandLine(NO_ENVIRONMENT::get))) {
            String key = option.longestName().substring(2);
            if (option.usageHelp() || option.versionHelp() || key.equals("config")) {
                continue;
            }
            Class<?> type = option.type();
            if (type == boolean.class || type == Boolean.class) {
                flags.add(option.longestName());
                yaml.append(key).append(": true\n");
            } else if (List.class.isAssignableFrom(type)) {
                flags.addAll(List.of(option.longestName(), "10.0.0.0/8,192.168.0.0/16"));
                yaml.append(key).append(": [10.0.0.0/8, 192.168.0.0/16]\n");
            } else {
                String value = sample(key, type);
                flags.addAll(List.of(option.longestName(), value));
                yaml.append(key).append(": ").append(value).append('\n');
            }
        }
        Path config = Files.writeString(dir.resolve("bridge.yaml"), yaml.toString());

        List<OptionSpec> fromFlags = runOptions(parse(flags.toArray(String[]::new)));
        List<OptionSpec> fromFile = runOptions(parse("run", "--config", config.toString()));

        assertThat(fromFlags).hasSameSizeAs(fromFile).hasSizeGreaterThan(25);
        for (int i = 0; i < fromFlags.size(); i++) {
            OptionSpec flag = fromFlags.get(i);
            if (flag.longestName().equals("--config")) {
                continue;
            }
            assertThat((Object) fromFile.get(i).getValue()).as(flag.longestName()).isEqualTo(flag.getValue());
        }
    }

    @Test
    void shouldLetFlagsAndEnvironmentVariablesOverrideTheFile() throws Exception {
        Path config = Files.writeString(dir.resolve("bridge.yaml"),
                "port: 9000\ndata-dir: /var/lib/bridge\nrate-limit: 10\nproxy-deny:\n  - 10.0.0.0/8\n");
        Map<String, String> environment = Map.of("BRIDGE_RATE_LIMIT", "20");

        RunOptions options = options(BridgeCli.commandLine(environment::get, "run", "--config", config.toString(),
                "--port", "9100"), "run", "--config", config.toString(), "--port", "9100");

        assertThat(options.httpPort()).as("flag over file").isEqualTo(9100);
        assertThat(options.rateLimit()).as("environment over file").isEqualTo(20);
        assertThat(options.dataDir()).as("file over default").isEqualTo(Path.of("/var/lib/bridge"));
        assertThat(options.proxyDeny()).containsExactly("10.0.0.0/8");
        assertThat(options.kafkaPort()).as("default").isEqualTo(9092);
    }

    @Test
    void shouldRefuseKeysThatNameNoOptionAndFilesThatAreNoMapping() throws Exception {
        Path typo = Files.writeString(dir.resolve("typo.yaml"), "port: 9000\ndta-dir: /x\n");
        Path list = Files.writeString(dir.resolve("list.yaml"), "- port\n");

        assertThatThrownBy(() -> BridgeCli.commandLine(NO_ENVIRONMENT::get, "run", "--config", typo.toString()))
                .isInstanceOf(BridgeException.class).hasMessageContaining("dta-dir").hasMessageContaining("no option");
        assertThatThrownBy(() -> BridgeCli.commandLine(NO_ENVIRONMENT::get, "run", "--config=" + list))
                .isInstanceOf(BridgeException.class).hasMessageContaining("YAML mapping");
        assertThatThrownBy(() -> BridgeCli.commandLine(NO_ENVIRONMENT::get, "run", "--config",
                dir.resolve("missing.yaml").toString()))
                .isInstanceOf(BridgeException.class).hasMessageContaining("cannot read");
        assertThat(BridgeCli.execute(new String[] {"run", "--config", typo.toString()})).isEqualTo(BridgeCli.USAGE);
    }

    @Test
    void shouldReadTheReadmesCompleteExample() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("```yaml\n# bridge.yaml");
        assertThat(start).as("the README's --config example").isNotNegative();
        String example = readme.substring(readme.indexOf('\n', start) + 1, readme.indexOf("```", start + 7));
        Path config = Files.writeString(dir.resolve("bridge.yaml"), example);
        String[] args = {"run", "--config", config.toString()};

        RunOptions options = options(BridgeCli.commandLine(NO_ENVIRONMENT::get, args), args);

        assertThat(options.dataDir()).isEqualTo(Path.of("/var/lib/bridge"));
        assertThat(options.bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092,kafka-3:9092");
        assertThat(options.topicsConfig().replicationFactor()).isEqualTo((short) 3);
        assertThat(options.sessionTimeout()).isEqualTo(Duration.ofSeconds(6));
        assertThat(options.proxyDeny()).containsExactly("10.0.0.0/8");
        long documented = example.lines().filter(l -> l.matches("^[a-z-]+:.*")).count();
        assertThat(documented).as("every option but --config is in the example")
                .isEqualTo(runOptions(BridgeCli.commandLine(NO_ENVIRONMENT::get)).stream()
                        .filter(o -> !o.usageHelp() && !o.versionHelp() && !o.longestName().equals("--config")).count());
    }

    private static String sample(String key, Class<?> type) {
        if (type == short.class || type == Short.class) {
            return "3";
        }
        if (type == int.class || type == Integer.class) {
            return key.contains("port") ? Integer.toString(20_000 + Math.abs(key.hashCode() % 10_000)) : "3";
        }
        if (type == long.class || type == Long.class) {
            return "67108864";
        }
        if (type == double.class || type == Double.class) {
            return "2.5";
        }
        if (type == Duration.class) {
            return "7s";
        }
        if (type == Path.class) {
            return "/tmp/bridge-" + key;
        }
        if (key.equals("compression")) {
            return "zstd";
        }
        return "value-of-" + key + "-0123456789";
    }

    private static CommandLine parse(String... args) {
        CommandLine commandLine = BridgeCli.commandLine(NO_ENVIRONMENT::get, args);
        commandLine.parseArgs(args);
        return commandLine;
    }

    private static List<OptionSpec> runOptions(CommandLine commandLine) {
        return commandLine.getSubcommands().get("run").getCommandSpec().options();
    }

    private static RunOptions options(CommandLine commandLine, String... args) {
        CommandLine.ParseResult result = commandLine.parseArgs(args);
        RunCommand run = result.subcommand().commandSpec().commandLine().getCommand();
        return run.options();
    }
}
