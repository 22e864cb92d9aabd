package io.omninode.bridge.bench;

import io.javalin.Javalin;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The ingest baseline: a trivial Javalin 7 app with the bridge's route shapes, which reads the
 * body and answers a fixed JSON reply, nothing else (no validation, no Kafka). Started in its
 * own JVM with the same flags as the bridge.
 */
@Command(name = "baseline-http", description = "Serve the trivial Javalin baseline (used by the ingest benchmark).")
public final class BaselineHttp implements Callable<Integer> {

    @Option(names = "--port", required = true)
    private int port;

    @Override
    public Integer call() throws InterruptedException {
        byte[] reply = "{\"success\":true,\"data\":{\"accepted\":1}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.post("/hooks/*", ctx -> {
                ctx.bodyAsBytes();
                ctx.contentType("application/json").result(reply);
            });
            config.routes.get("/ready", ctx -> ctx.result("ok"));
        }).start("127.0.0.1", port);
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop));
        new CountDownLatch(1).await();
        return 0;
    }
}
