package io.omninode.bridge.app;

import java.io.PrintWriter;
import java.util.Optional;
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
        subcommands = {RunCommand.class, TailCommand.class, DemoCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:success", "1:failure, reported in one line", "2:invalid arguments"})
public final class BridgeCli implements Runnable {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private static final Logger log = LoggerFactory.getLogger(BridgeCli.class);

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, with the bridge's error handling; tests execute it directly. */
    public static CommandLine commandLine() {
        return new CommandLine(new BridgeCli())
                .setParameterExceptionHandler(BridgeCli::usageError)
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> failure(e, commandLine));
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: run, tail or demo");
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
