package io.omninode.bridge.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.omninode.bridge.http.ApiException;
import io.omninode.bridge.http.ApiResponses;
import io.omninode.bridge.http.RequestIds;
import io.omninode.bridge.http.auth.Authenticator;
import io.omninode.bridge.http.auth.Principal;
import io.omninode.bridge.http.auth.RateLimiter;
import io.omninode.bridge.http.RequestMeta;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The HTTP steps every write route shares, in order: authenticate (401/403), rate-limit (429),
 * read the JSON body (415/413/400), then answer asynchronously once the write is acknowledged.
 */
public final class WriteRoutes {

    private final Authenticator authenticator;
    private final RateLimiter rateLimiter;
    private final JsonBodies bodies;
    private final ApiResponses responses;
    private final Executor replies;

    /**
     * @param replies where replies are rendered and written: the HTTP server's own threads, never
     *                the thread that completed the write (Kafka's single producer I/O thread)
     */
    public WriteRoutes(Authenticator authenticator, RateLimiter rateLimiter, JsonBodies bodies, ApiResponses responses,
                       Executor replies) {
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
        this.bodies = bodies;
        this.responses = responses;
        this.replies = replies;
    }

    /** The authenticated writer, charged {@code permits} against its rate limit. */
    public Principal writer(Context ctx, int permits) {
        Principal principal = authenticator.requireWriter(ctx);
        charge(principal, permits);
        return principal;
    }

    /** The authenticated writer, not yet charged (for routes that charge after reading the body). */
    public Principal writer(Context ctx) {
        return authenticator.requireWriter(ctx);
    }

    public void charge(Principal principal, int permits) {
        long retryAfter = rateLimiter.tryAcquire(principal.name(), Math.max(1, permits));
        if (retryAfter > 0) {
            throw ApiException.rateLimited(retryAfter);
        }
    }

    public JsonNode body(Context ctx) {
        return bodies.read(ctx);
    }

    public static RequestMeta meta(Context ctx) {
        return new RequestMeta(RequestIds.correlationId(ctx), RequestIds.requestId(ctx));
    }

    /**
     * Replies 200 with the future's value as {@code data}, or the error envelope it failed with.
     * The reply is rendered on the {@code replies} executor: a write completes on the producer's
     * I/O thread, which must go on sending rather than serialize and write HTTP responses. A
     * future that is already complete (a cache hit) is answered at once, on the request's thread.
     */
    public void reply(Context ctx, Supplier<? extends CompletableFuture<?>> work) {
        answer(ctx, work.get(), replies);
    }

    /**
     * Like {@link #reply}, but renders the reply on the thread that completes the future: for work
     * that completes on threads of its own which may render (the proxy's HTTP client), where one
     * more hand-off would only add latency.
     */
    public void replyWhereCompleted(Context ctx, Supplier<? extends CompletableFuture<?>> work) {
        answer(ctx, work.get(), null);
    }

    private void answer(Context ctx, CompletableFuture<?> future, Executor executor) {
        if (future.isDone()) {
            // no asynchronous dispatch (and no hand-off) for an answer that is already there
            Object data;
            try {
                data = future.join();
            } catch (CompletionException | CancellationException e) {
                responses.error(ctx, unwrap(e));
                return;
            }
            responses.ok(ctx, data);
            return;
        }
        BiFunction<Object, Throwable, Object> render = (data, error) -> {
            if (error == null) {
                responses.ok(ctx, data);
            } else {
                responses.error(ctx, unwrap(error));
            }
            return null;
        };
        ctx.future(() -> executor == null ? future.handle(render) : future.handleAsync(render, executor));
    }

    private static ApiException unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ApiException api) {
            return api;
        }
        return new ApiException(500, "internal_error", "internal error: " + cause.getClass().getSimpleName(),
                List.of(), Map.of());
    }
}
