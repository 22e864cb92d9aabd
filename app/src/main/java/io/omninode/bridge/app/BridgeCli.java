package io.omninode.bridge.app;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.AppInfoParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The {@code bridge} command line. Exit codes: {@value #OK} success, {@value #FAILED} an error
 * reported as one line (port in use, Kafka unreachable, …), {@value #USAGE} invalid arguments.
 * Command output goes to stdout, logs and errors to stderr.
 */
@Command(name = "bridge", mixinStandardHelpOptions = true, versionProvider = BridgeCli.Version.class,
        description = "OmniNode Bridge: hook ingest, Kafka Streams intelligence and tool proxy for a service fleet.",
        subcommands = {RunCommand.class, TailCommand.class, DemoCommand.class, TopicsCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:success", "1:failure, reported in one line", "2:invalid arguments"})
public final class BridgeCli implements Runnable {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private static final Logger log = LoggerFactory.getLogger(BridgeCli.class);

    /**
     * The process's default locale for formatting. The bridge's own output names {@code Locale.ROOT};
     * this is for the libraries' {@code String.format}. Kafka Streams 4.2 (KAFKA-19682, still so in 4.4)
     * formats a readiness message for every empty input partition of a task on every pass of a stream
     * thread, whether it is logged or not, and for any locale but en-US (the default here is plain
     * {@code en}) the JDK's {@code Formatter} builds new {@code DecimalFormatSymbols} for each {@code %d}:
     * 3 % of the bytes the bridge allocated under batch ingest. US digits and signs are also what an
     * operator's log tools expect whatever the machine's locale.
     */
    static final Locale FORMAT_LOCALE = Locale.US;

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line {@code args}; returns the exit code. */
    static int execute(String[] args) {
        Locale.setDefault(Locale.Category.FORMAT, FORMAT_LOCALE);
        CommandLine commandLine;
        try {
            commandLine = commandLine(args);
        } catch (BridgeException e) {
            System.err.println("error: " + e.getMessage());
            return USAGE;
        }
        return commandLine.execute(args);
    }

    /**
     * The configured command line, with the bridge's error handling and {@code run}'s defaults from
     * {@code BRIDGE_*} variables and the {@code --config} file named in {@code args}
     * ({@link RunDefaults}); tests parse or execute it directly.
     *
     * @throws BridgeException when the config file cannot be read or names unknown options
     */
    public static CommandLine commandLine(String... args) {
        return commandLine(System::getenv, args);
    }

    /** {@link #commandLine(String...)} with {@code environment} in place of the process's. */
    static CommandLine commandLine(Function<String, String> environment, String... args) {
        CommandLine commandLine = new CommandLine(new BridgeCli())
                .setParameterExceptionHandler(BridgeCli::usageError)
                .setExecutionExceptionHandler((e, cl, parseResult) -> failure(e, cl));
        CommandLine run = commandLine.getSubcommands().get("run");
        Set<String> options = run.getCommandSpec().options().stream()
                .map(o -> o.longestName().replaceFirst("^-+", "")).collect(Collectors.toSet());
        run.setDefaultValueProvider(RunDefaults.of(args, options, environment));
        return commandLine;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: run, tail, demo or topics");
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("error: " + e.getMessage());
        err.println("Run '" + commandLine.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return USAGE;
    }

    private static int failure(Exception e, CommandLine commandLine) {
        if (e instanceof ParameterException parameterException) {
            return usageError(parameterException, new String[0]);
        }
        PrintWriter err = commandLine.getErr();
        if (e instanceof BridgeException) {
            log.debug("failure detail", e);
            err.println("error: " + e.getMessage());
        } else {
            err.println("error: unexpected failure, please report: " + e);
            e.printStackTrace(err);
        }
        err.flush();
        return FAILED;
    }

    /** {@code bridge --version}: the bridge's version with the Kafka and Java it runs on. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Optional.ofNullable(BridgeCli.class.getPackage().getImplementationVersion()).orElse("dev");
            return new String[] {
                "bridge " + version,
                "Kafka " + AppInfoParser.getVersion() + ", Java " + Runtime.version()};
        }
    }
}
