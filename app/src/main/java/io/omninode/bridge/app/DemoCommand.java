package io.omninode.bridge.app;

import io.omninode.bridge.app.demo.DemoRunner;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bridge demo}: traffic that makes every detector fire, with a progress line. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Sends demo traffic to a running bridge: services, tools, heartbeats and tool executions "
                + "shaped so that every detector fires within about three minutes.",
                "Watch it with: ./bridge tail intelligence.patterns"})
final class DemoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8000",
            description = "The bridge (default: ${DEFAULT-VALUE}).")
    private String url;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "An admin or service token for the demo services (default: the content of "
                    + "--data-dir/admin-token when present).")
    private String token;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data",
            description = "Where `bridge run` keeps its admin token (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "200s", converter = DurationConverter.class,
            description = "How long to send traffic, e.g. 90s, 3m (default: ${DEFAULT-VALUE}).")
    private Duration duration;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String secret = token != null ? token : readToken();
        new DemoRunner(url, secret, duration, out).run();
        return BridgeCli.OK;
    }

    private String readToken() throws java.io.IOException {
        Path file = dataDir.resolve(AuthSetup.ADMIN_TOKEN_FILE);
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : null;
    }
}
