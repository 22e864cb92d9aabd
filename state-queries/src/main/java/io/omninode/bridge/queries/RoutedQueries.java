package io.omninode.bridge.queries;

import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.http.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routing with fallbacks and retries (DESIGN.md §5). A key is answered by the active copy of its
 * partition: here, or forwarded once to the instance that has it. When that copy cannot answer —
 * its instance died and the group has not noticed yet, or it is still restoring — a standby or
 * restoring copy answers instead, here or on another instance, and the answer says so
 * ({@code metadata.stale} with the copy's lag); {@code ?fresh=true} refuses such answers. While no
 * allowed copy answers, re-resolve and retry with bounded backoff, then give up with 503 and
 * {@code Retry-After} — never a 500 and never a "not found" from a store that could not answer.
 *
 * <p>A forwarded request ({@code forwarded == true}) is answered from this instance's own copy
 * without retries: its sender chose this instance for that copy and does the retrying. Lists are
 * gathered per partition, each from one copy, so a list is complete or refused, never partial.
 */
public final class RoutedQueries {

    /** Names the partitions a forwarded list request is for; without it, the receiver's active partitions. */
    public static final String PARTITIONS_HEADER = "X-Bridge-Partitions";

    private static final Logger LOG = LoggerFactory.getLogger(RoutedQueries.class);
    private static final long MISCONFIGURED_RETRY_AFTER_SECONDS = 30;
    private static final long FIRST_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 800;

    private final Locator locator;
    private final Forwarding forwarder;
    private final Duration maxWait;
    /** Peers whose refusal of our cluster secret was logged. */
    private final Set<HostInfo> refusedBy = ConcurrentHashMap.newKeySet();

    /** Where the copies of keys and partitions live; {@link StoreLocator} asks Kafka Streams. */
    public interface Locator {
        /** This instance. */
        HostInfo self();

        StoreLocator.Placement locate(String store, String key);

        /** Every known partition of {@code store} with its copies. */
        Map<Integer, StoreLocator.Placement> placements(String store);
    }

    /** One forwarded GET; {@link Forwarder} does it over HTTP. */
    @FunctionalInterface
    public interface Forwarding {
        Forwarder.Reply get(HostInfo host, String pathAndQuery, String requestId, Map<String, String> headers);
    }

    /** The outcome of a key query: answered here, or the owner's reply to relay as-is. */
    public sealed interface Answer<T> {
        record Here<T>(T value) implements Answer<T> {
        }

        record Relayed<T>(Forwarder.Reply reply) implements Answer<T> {
        }
    }

    /**
     * What a request needs for routing.
     *
     * @param forwarded    whether it was forwarded to us
     * @param pathAndQuery what to forward
     * @param requestId    its request id
     * @param partitions   for a forwarded list: the partitions asked for, or null for our active ones
     * @param reading      whether it takes only fresh copies, and what answered it
     */
    public record Request(boolean forwarded, String pathAndQuery, String requestId, Set<Integer> partitions,
                          Reading reading) {
    }

    public RoutedQueries(Locator locator, Forwarding forwarder, Duration maxWait) {
        this.locator = locator;
        this.forwarder = forwarder;
        this.maxWait = maxWait;
    }

    /**
     * Answers a question about {@code key} of {@code store}: {@code local} runs where a copy of the
     * key's partition is (given the partition and whether the copy may be stale); elsewhere the
     * request is forwarded to the instance with the copy.
     */
    public <T> Answer<T> byKey(Request request, String store, String key, Function<Scope, T> local) {
        Reading reading = request.reading();
        boolean staleOk = !reading.freshOnly();
        return retrying(request, () -> {
            StoreLocator.Placement placement = locator.locate(store, key);
            int partition = placement.partition();
            if (request.forwarded()) {
                return new Answer.Here<>(local.apply(Scope.of(partition, staleOk, reading)));
            }
            HostInfo self = locator.self();
            HostInfo active = placement.active();
            StoreUnavailableException failure = null;
            if (self.equals(active)) {
                try {
                    return new Answer.Here<>(local.apply(Scope.of(partition, false, reading)));
                } catch (StoreUnavailableException e) {
                    failure = e;
                }
            } else if (active != null) {
                try {
                    return new Answer.Relayed<>(forward(active, request, Map.of()));
                } catch (StoreUnavailableException e) {
                    failure = e;
                }
            }
            if (!staleOk) {
                throw failure != null ? failure
                        : new StoreUnavailableException("no active copy of " + store + "/" + key + " right now");
            }
            // the active copy cannot answer: a copy that may lag, this instance's first
            if (self.equals(active) || placement.standbys().contains(self)) {
                try {
                    return new Answer.Here<>(local.apply(Scope.of(partition, true, reading)));
                } catch (StoreUnavailableException e) {
                    failure = e;
                }
            }
            for (HostInfo standby : placement.standbys()) {
                if (!standby.equals(self)) {
                    try {
                        return new Answer.Relayed<>(forward(standby, request, Map.of()));
                    } catch (StoreUnavailableException e) {
                        failure = e;
                    }
                }
            }
            throw failure != null ? failure
                    : new StoreUnavailableException("no copy of " + store + "/" + key + " can answer right now");
        });
    }

    /**
     * Scatter-gather over the partitions of {@code store}: each partition from one copy, the active
     * one where it answers, else (unless fresh copies are required) a standby or restoring one.
     * {@code local} lists this instance's items of a {@link Scope}; other instances answer the same
     * request, forwarded with the partitions they are asked for, from their reply's {@code data.items}.
     */
    public List<JsonNode> gather(Request request, String store, Function<Scope, List<JsonNode>> local) {
        Reading reading = request.reading();
        boolean staleOk = !reading.freshOnly();
        if (request.forwarded()) {
            // a sender that names no partitions asks for our active ones and knows nothing of stale copies
            boolean named = request.partitions() != null;
            return retrying(request, () -> local.apply(new Scope(request.partitions(), named && staleOk, reading)));
        }
        return retrying(request, () -> {
            Map<Integer, StoreLocator.Placement> placements = locator.placements(store);
            if (placements.isEmpty()) {
                throw new StoreUnavailableException("no partition of " + store + " is assigned yet");
            }
            HostInfo self = locator.self();
            List<JsonNode> items = new ArrayList<>();
            Set<Integer> unanswered = new TreeSet<>();
            Map<HostInfo, Set<Integer>> byActive = new LinkedHashMap<>();
            placements.values().forEach(p -> {
                if (p.active() == null) {
                    unanswered.add(p.partition());
                } else {
                    byActive.computeIfAbsent(p.active(), h -> new TreeSet<>()).add(p.partition());
                }
            });
            byActive.forEach((host, partitions) -> {
                try {
                    items.addAll(host.equals(self) ? local.apply(new Scope(partitions, false, reading))
                            : remoteItems(host, request, partitions));
                } catch (StoreUnavailableException e) {
                    unanswered.addAll(partitions);
                }
            });
            if (unanswered.isEmpty()) {
                return items;
            }
            if (!staleOk) {
                throw new StoreUnavailableException("partitions " + unanswered + " of " + store
                        + " have no active copy that answers");
            }
            items.addAll(fromCopies(request, store, placements, unanswered, local));
            return items;
        });
    }

    /** The items of {@code partitions} from copies that may lag: this instance's, then other standbys'. */
    private List<JsonNode> fromCopies(Request request, String store, Map<Integer, StoreLocator.Placement> placements,
                                      Set<Integer> partitions, Function<Scope, List<JsonNode>> local) {
        HostInfo self = locator.self();
        List<JsonNode> items = new ArrayList<>();
        Set<Integer> remaining = new TreeSet<>();
        for (int partition : partitions) {
            StoreLocator.Placement p = placements.get(partition);
            if (self.equals(p.active()) || p.standbys().contains(self)) {
                try {
                    items.addAll(local.apply(Scope.of(partition, true, request.reading())));
                    continue;
                } catch (StoreUnavailableException e) {
                    // try another instance's copy
                }
            }
            remaining.add(partition);
        }
        for (int partition : remaining) {
            List<HostInfo> others = placements.get(partition).standbys().stream().filter(h -> !h.equals(self)).toList();
            boolean answered = false;
            for (HostInfo standby : others) {
                try {
                    items.addAll(remoteItems(standby, request, Set.of(partition)));
                    answered = true;
                    break;
                } catch (StoreUnavailableException e) {
                    // the next copy
                }
            }
            if (!answered) {
                throw new StoreUnavailableException("no copy of partition " + partition + " of " + store
                        + " can answer right now");
            }
        }
        return items;
    }

    private List<JsonNode> remoteItems(HostInfo host, Request request, Set<Integer> partitions) {
        String list = partitions.stream().map(String::valueOf).collect(Collectors.joining(","));
        Forwarder.Reply reply = forward(host, request, Map.of(PARTITIONS_HEADER, list));
        JsonNode remote = reply.body().path("data").path("items");
        if (reply.status() != 200 || !remote.isArray()) {
            throw new StoreUnavailableException("instance " + host + " answered " + reply.status());
        }
        request.reading().merge(reply.body().path("metadata"));
        List<JsonNode> items = new ArrayList<>();
        remote.forEach(items::add);
        return items;
    }

    /**
     * Forwards {@code request} to {@code host}; a 503 or a reply that is not JSON means that copy
     * cannot answer. A 403 can only be the peer refusing this instance's cluster secret (forwarded
     * requests skip the client's authentication): that is the cluster's misconfiguration, not the
     * client's, so it answers 503 saying so, and logs it once per peer.
     */
    private Forwarder.Reply forward(HostInfo host, Request request, Map<String, String> headers) {
        Forwarder.Reply reply = forwarder.get(host, request.pathAndQuery(), request.requestId(), headers);
        if (reply.status() == 403) {
            String message = "cluster misconfiguration: instance " + host.host() + ":" + host.port()
                    + " refused this instance's cluster secret; every instance of the application must share it"
                    + " (the same --cluster-secret on all, or none)";
            if (refusedBy.add(host)) {
                LOG.warn(message);
            }
            throw ApiException.unavailable(message, MISCONFIGURED_RETRY_AFTER_SECONDS);
        }
        if (reply.status() == 503 || reply.body() == null) {
            throw new StoreUnavailableException("instance " + host + " cannot answer yet");
        }
        return reply;
    }

    private <T> T retrying(Request request, Supplier<T> attempt) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        long backoff = FIRST_BACKOFF_MS;
        while (true) {
            request.reading().reset();
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
