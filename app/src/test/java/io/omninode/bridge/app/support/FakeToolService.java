package io.omninode.bridge.app.support;

import io.javalin.Javalin;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real HTTP tool service for proxy tests: {@code POST /tools/{tool}} answers with the
 * configured behaviour and counts its calls ({@code {n}} in a body becomes the call number, for a
 * tool whose output differs on every call).
 */
public final class FakeToolService implements AutoCloseable {

    /** What the next calls get. */
    public record Behaviour(int status, String body, long delayMillis) {
        public static Behaviour ok(String instance) {
            return new Behaviour(200, "{\"served_by\": \"" + instance + "\", \"overall_score\": 87}", 0);
        }
    }

    public final String instanceId;
    public final AtomicInteger calls = new AtomicInteger();
    public final AtomicReference<Behaviour> behaviour;
    private final Javalin server;

    public FakeToolService(String instanceId) {
        this.instanceId = instanceId;
        this.behaviour = new AtomicReference<>(Behaviour.ok(instanceId));
        this.server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.post("/tools/{tool}", ctx -> {
                int call = calls.incrementAndGet();
                Behaviour b = behaviour.get();
                if (b.delayMillis() > 0) {
                    Thread.sleep(b.delayMillis());
                }
                ctx.status(b.status()).contentType("application/json").result(b.body().replace("{n}",
                        Integer.toString(call)));
            });
        }).start("127.0.0.1", 0);
    }

    public int port() {
        return server.port();
    }

    public void behave(int status, String body, long delayMillis) {
        behaviour.set(new Behaviour(status, body, delayMillis));
    }

    @Override
    public void close() {
        server.stop();
    }
}
