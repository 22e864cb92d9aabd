package io.omninode.bridge.queries;

import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.http.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Routing with retries: answer locally when this instance owns the data, else forward once to
 * the owner; during a rebalance re-resolve and retry with bounded backoff, then give up with 503
 * and {@code Retry-After} — never a 500 and never a "not found" from a store that could not answer.
 * A forwarded request ({@code forwarded == true}) is answered from local active partitions only,
 * without retries: its sender does the retrying.
 */
public final class RoutedQueries {

    private static final long FIRST_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 800;

    private final Locator locator;
    private final Forwarding forwarder;
    private final Duration maxWait;

    /** Where keys live; {@link StoreLocator} asks Kafka Streams. */
    public interface Locator {
        StoreLocator.Location locate(String store, String key);

        List<HostInfo> others(String store);
    }

    /** One forwarded GET; {@link Forwarder} does it over HTTP. */
    @FunctionalInterface
    public interface Forwarding {
        Forwarder.Reply get(HostInfo host, String pathAndQuery, String requestId);
    }

    /** The outcome of a key query: answered here, or the owner's reply to relay as-is. */
    public sealed interface Answer<T> {
        record Here<T>(T value) implements Answer<T> {
        }

        record Relayed<T>(Forwarder.Reply reply) implements Answer<T> {
        }
    }

    /** What a request needs for forwarding: whether it was forwarded to us, its path and id. */
    public record Request(boolean forwarded, String pathAndQuery, String requestId) {
    }

    public RoutedQueries(Locator locator, Forwarding forwarder, Duration maxWait) {
        this.locator = locator;
        this.forwarder = forwarder;
        this.maxWait = maxWait;
    }

    /**
     * Answers a question about {@code key} of {@code store}: {@code local} runs on the owner
     * (given the partition); elsewhere the request is forwarded to the owner.
     */
    public <T> Answer<T> byKey(Request request, String store, String key, Function<Integer, T> local) {
        return retrying(request, () -> {
            StoreLocator.Location location = locator.locate(store, key);
            if (location instanceof StoreLocator.Location.Local here) {
                return new Answer.Here<>(local.apply(here.partition()));
            }
            if (request.forwarded()) {
                throw new StoreUnavailableException(store + "/" + key + " moved away from this instance");
            }
            HostInfo owner = ((StoreLocator.Location.Remote) location).host();
            Forwarder.Reply reply = forwarder.get(owner, request.pathAndQuery(), request.requestId());
            if (reply.status() == 503 || reply.body() == null) {
                throw new StoreUnavailableException("owner " + owner + " cannot answer yet");
            }
            return new Answer.Relayed<>(reply);
        });
    }

    /**
     * Scatter-gather over every instance hosting {@code store}: {@code local} lists this
     * instance's items; other instances answer the same request (forwarded) with theirs, read
     * from their reply's {@code data.items}.
     */
    public List<JsonNode> gather(Request request, String store, Supplier<List<JsonNode>> local) {
        return retrying(request, () -> {
            List<JsonNode> items = new ArrayList<>(local.get());
            if (request.forwarded()) {
                return items;
            }
            for (HostInfo other : locator.others(store)) {
                Forwarder.Reply reply = forwarder.get(other, request.pathAndQuery(), request.requestId());
                JsonNode remote = reply.body() == null ? null : reply.body().path("data").path("items");
                if (reply.status() != 200 || remote == null || !remote.isArray()) {
                    throw new StoreUnavailableException("instance " + other + " cannot answer yet");
                }
                remote.forEach(items::add);
            }
            return items;
        });
    }

    private <T> T retrying(Request request, Supplier<T> attempt) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        long backoff = FIRST_BACKOFF_MS;
        while (true) {
            try {
                return attempt.get();
            } catch (StoreUnavailableException e) {
                if (request.forwarded() || System.nanoTime() + backoff * 1_000_000 > deadline) {
                    throw ApiException.unavailable("state is moving between instances, retry shortly: "
                            + e.getMessage(), 1);
                }
                sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted", 1);
        }
    }
}
