package io.omninode.bridge.bench;

import io.javalin.Javalin;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The proxy benchmark's tool instance: a trivial Javalin 7 app serving the forwarding contract of
 * DESIGN.md §5 ({@code POST /tools/{tool}}, the input as JSON body, the JSON reply is the result)
 * with a fixed reply, and counting its calls ({@code GET /calls}) so the benchmark can tell cache
 * hits from calls. Started in its own JVM with the same flags as the bridge.
 */
@Command(name = "tool-service", hidden = true,
        description = "Serve a trivial tool instance (used by the proxy benchmark).")
public final class ToolService implements Callable<Integer> {

    /** The tool's reply to every call. */
    static final String REPLY = "{\"overall_score\":87,\"issues\":[],\"language\":\"python\"}";

    @Option(names = "--port", required = true)
    private int port;

    @Override
    public Integer call() throws InterruptedException {
        byte[] reply = REPLY.getBytes(StandardCharsets.UTF_8);
        AtomicLong calls = new AtomicLong();
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.post("/tools/{tool}", ctx -> {
                calls.incrementAndGet();
                ctx.bodyAsBytes();
                ctx.contentType("application/json").result(reply);
            });
            config.routes.get("/calls", ctx -> ctx.contentType("application/json").result("{\"calls\":" + calls.get() + "}"));
            config.routes.get("/ready", ctx -> ctx.result("ok"));
        }).start("127.0.0.1", port);
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop));
        new CountDownLatch(1).await();
        return 0;
    }
}
