package io.omninode.bridge.queries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.http.ApiException;
import io.omninode.bridge.schemas.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class RoutedQueriesTest {

    private static final HostInfo SELF = new HostInfo("10.0.0.1", 8000);
    private static final HostInfo OTHER = new HostInfo("10.0.0.2", 8000);
    private static final HostInfo THIRD = new HostInfo("10.0.0.3", 8000);
    private static final Forwarder.Reply DOWN = null;

    private final List<String> forwardedTo = new ArrayList<>();

    @Test
    void shouldAnswerLocallyWhenThisInstanceHasTheActiveCopy() {
        RoutedQueries routed = routed(key(3, SELF), ok("{}"));
        RoutedQueries.Request request = client(false);

        RoutedQueries.Answer<String> answer = routed.byKey(request, "s", "k", scope -> "p" + scope.partition()
                + (scope.allowStale() ? " stale ok" : " active"));

        assertThat(answer).isEqualTo(new RoutedQueries.Answer.Here<>("p3 active"));
        assertThat(forwardedTo).isEmpty();
        assertThat(request.reading().isStale()).isFalse();
    }

    @Test
    void shouldForwardOnceToTheActiveCopyAndRelayItsReply() {
        RoutedQueries routed = routed(key(0, OTHER), ok("{\"success\": true}"));

        RoutedQueries.Answer<String> answer = routed.byKey(client(false), "s", "k", scope -> "never");

        assertThat(answer).isInstanceOf(RoutedQueries.Answer.Relayed.class);
        assertThat(forwardedTo).containsExactly("10.0.0.2:8000/x?y=1");
    }

    @Test
    void shouldAnswerAForwardedRequestFromTheLocalCopyWithoutASecondHop() {
        RoutedQueries routed = routed(key(2, OTHER), ok("{}"));

        assertThat(routed.byKey(forwarded(false, null), "s", "k", scope -> "p" + scope.partition() + " " + scope.allowStale()))
                .isEqualTo(new RoutedQueries.Answer.Here<>("p2 true"));
        assertThat(routed.byKey(forwarded(true, null), "s", "k", scope -> "" + scope.allowStale()))
                .as("fresh=true travels in the query string").isEqualTo(new RoutedQueries.Answer.Here<>("false"));
        assertThatThrownBy(() -> routed.byKey(forwarded(false, null), "s", "k", scope -> {
            throw new StoreUnavailableException("no copy here");
        })).as("no retries: the sender retries").isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(503));
        assertThat(forwardedTo).as("no second hop").isEmpty();
    }

    @Test
    void shouldAnswerFromTheLocalStandbyWhenTheActiveInstanceIsGone() {
        RoutedQueries routed = new RoutedQueries(locator(() -> placement(1, OTHER, SELF), Map::of),
                (host, path, id, headers) -> {
                    throw new StoreUnavailableException("connection refused");
                }, Duration.ofSeconds(2));

        RoutedQueries.Answer<String> answer = routed.byKey(client(false), "s", "k",
                scope -> scope.allowStale() ? "from standby" : "never");

        assertThat(answer).isEqualTo(new RoutedQueries.Answer.Here<>("from standby"));
    }

    @Test
    void shouldAskAnotherInstancesStandbyWhenNeitherTheActiveNorThisInstanceCanAnswer() {
        Map<HostInfo, Forwarder.Reply> replies = new java.util.HashMap<>();
        replies.put(OTHER, DOWN);
        replies.put(THIRD, ok("{\"metadata\": {\"stale\": true}}"));
        RoutedQueries routed = routed(locator(() -> placement(1, OTHER, THIRD), Map::of), replies);

        RoutedQueries.Answer<String> answer = routed.byKey(client(false), "s", "k", scope -> "never");

        assertThat(((RoutedQueries.Answer.Relayed<String>) answer).reply().body().at("/metadata/stale").asBoolean())
                .isTrue();
        assertThat(forwardedTo).containsExactly("10.0.0.2:8000/x?y=1", "10.0.0.3:8000/x?y=1");
    }

    @Test
    void shouldReadTheRestoringActiveCopyAsStaleUnlessFreshIsRequired() {
        RoutedQueries routed = new RoutedQueries(locator(() -> placement(4, SELF), Map::of), forwarding(ok("{}")),
                Duration.ofMillis(300));
        java.util.function.Function<Scope, String> restoring = scope -> {
            if (!scope.allowStale()) {
                throw new StoreUnavailableException("restoring");
            }
            return "half-restored";
        };

        assertThat(routed.byKey(client(false), "s", "k", restoring)).isEqualTo(new RoutedQueries.Answer.Here<>("half-restored"));
        assertThatThrownBy(() -> routed.byKey(client(true), "s", "k", restoring))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.headers()).containsKey("Retry-After");
                });
    }

    @Test
    void shouldRefuseStandbyCopiesWhenFreshIsRequired() {
        RoutedQueries routed = new RoutedQueries(locator(() -> placement(1, OTHER, SELF), Map::of),
                (host, path, id, headers) -> {
                    throw new StoreUnavailableException("connection refused");
                }, Duration.ofMillis(300));

        assertThatThrownBy(() -> routed.byKey(client(true), "s", "k", scope -> "stale"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503));
    }

    @Test
    void shouldReportAPeerRefusingTheClusterSecretAsTheClustersMisconfigurationNotTheClients403() {
        RoutedQueries routed = routed(key(0, OTHER), new Forwarder.Reply(403,
                json("{\"success\": false, \"error\": {\"code\": \"forbidden\"}}")));

        assertThatThrownBy(() -> routed.byKey(client(false), "s", "k", scope -> "never"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.getMessage()).startsWith("cluster misconfiguration: instance 10.0.0.2:8000 refused");
                });
        assertThat(forwardedTo).as("no retries: it will not fix itself").hasSize(1);
    }

    @Test
    void shouldRetryWhileThePartitionIsNotKnownThenAnswer() {
        AtomicInteger attempts = new AtomicInteger();
        RoutedQueries.Locator moving = locator(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw new StoreUnavailableException("rebalancing");
            }
            return placement(0, SELF);
        }, Map::of);

        RoutedQueries.Answer<String> answer = routed(moving, ok("{}")).byKey(client(false), "s", "k", p -> "found");

        assertThat(answer).isEqualTo(new RoutedQueries.Answer.Here<>("found"));
        assertThat(attempts.get()).isEqualTo(3);
    }

    @Test
    void shouldTreatAnActiveCopyAnswering503AsMovingNotAsTheAnswer() {
        AtomicInteger calls = new AtomicInteger();
        RoutedQueries.Forwarding busyThenOk = (host, path, id, headers) -> calls.incrementAndGet() == 1
                ? new Forwarder.Reply(503, json("{}")) : new Forwarder.Reply(200, json("{\"ok\": 1}"));
        RoutedQueries routed = new RoutedQueries(key(0, OTHER), busyThenOk, Duration.ofSeconds(2));

        RoutedQueries.Answer<String> answer = routed.byKey(client(true), "s", "k", p -> "never");

        assertThat(((RoutedQueries.Answer.Relayed<String>) answer).reply().status()).isEqualTo(200);
    }

    @Test
    void shouldGatherEachPartitionOnceFromItsActiveCopyNamingThePartitionsAsked() {
        Map<Integer, StoreLocator.Placement> placements = placements(
                placement(0, SELF, OTHER), placement(1, OTHER, SELF), placement(2, THIRD, OTHER), placement(3, OTHER));
        List<Map<String, String>> headers = new ArrayList<>();
        RoutedQueries routed = new RoutedQueries(locator(() -> null, () -> placements), (host, path, id, h) -> {
            forwardedTo.add(host.host());
            headers.add(h);
            return items(h.get(RoutedQueries.PARTITIONS_HEADER), false);
        }, Duration.ofMillis(300));
        RoutedQueries.Request request = client(false);

        List<JsonNode> items = routed.gather(request, "s", RoutedQueriesTest::localItems);

        assertThat(partitionsOf(items)).containsExactly("0", "1", "2", "3");
        assertThat(headers).extracting(h -> h.get(RoutedQueries.PARTITIONS_HEADER)).containsExactlyInAnyOrder("1,3", "2");
        assertThat(request.reading().isStale()).isFalse();
    }

    @Test
    void shouldGatherAGoneInstancesPartitionsFromStandbyCopiesMarkedStale() {
        Map<Integer, StoreLocator.Placement> placements = placements(
                placement(0, SELF, OTHER), placement(1, OTHER, SELF), placement(2, OTHER, THIRD));
        RoutedQueries routed = new RoutedQueries(locator(() -> null, () -> placements), (host, path, id, h) -> {
            forwardedTo.add(host.host() + " " + h.get(RoutedQueries.PARTITIONS_HEADER));
            if (host.equals(OTHER)) {
                throw new StoreUnavailableException("connection refused");
            }
            return items(h.get(RoutedQueries.PARTITIONS_HEADER), true);
        }, Duration.ofMillis(300));
        RoutedQueries.Request request = client(false);

        List<JsonNode> items = routed.gather(request, "s", RoutedQueriesTest::localItems);

        assertThat(partitionsOf(items)).containsExactly("0", "1 stale", "2");
        assertThat(forwardedTo).containsExactly("10.0.0.2 1,2", "10.0.0.3 2");
        assertThat(request.reading().isStale()).isTrue();
        assertThat(request.reading().metadata()).containsEntry("stale", true);

        RoutedQueries.Request fresh = client(true);
        assertThatThrownBy(() -> routed.gather(fresh, "s", RoutedQueriesTest::localItems))
                .as("fresh=true: no stale parts").isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.status()).isEqualTo(503));
    }

    @Test
    void shouldRefuseAListWhenAPartitionHasNoCopyThatAnswers() {
        Map<Integer, StoreLocator.Placement> placements = placements(placement(0, SELF), placement(1, OTHER));
        RoutedQueries routed = new RoutedQueries(locator(() -> null, () -> placements), (host, path, id, h) -> {
            throw new StoreUnavailableException("connection refused");
        }, Duration.ofMillis(300));

        assertThatThrownBy(() -> routed.gather(client(false), "s", RoutedQueriesTest::localItems))
                .as("never a partial list").isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.status()).isEqualTo(503));
    }

    @Test
    void shouldAnswerAForwardedListFromTheNamedPartitionsOnly() {
        RoutedQueries routed = new RoutedQueries(locator(() -> null, Map::of), forwarding(ok("{}")), Duration.ofMillis(300));

        List<JsonNode> named = routed.gather(forwarded(false, Set.of(1, 3)), "s", RoutedQueriesTest::localItems);
        List<JsonNode> legacy = routed.gather(forwarded(false, null), "s", scope -> List.of(json(
                "{\"p\": \"assigned " + scope.allowStale() + "\"}")));

        assertThat(partitionsOf(named)).as("from any copy here, the sender chose this instance for them")
                .containsExactly("1 stale", "3 stale");
        assertThat(partitionsOf(legacy)).as("a sender naming no partitions gets our active ones, never stale")
                .containsExactly("assigned false");
        assertThat(forwardedTo).isEmpty();
    }

    /** Items named after their partition; " stale" when read from a copy that may lag. */
    private static List<JsonNode> localItems(Scope scope) {
        return scope.partitions().stream().map(p -> json("{\"p\": \"" + p + (scope.allowStale() ? " stale" : "") + "\"}"))
                .toList();
    }

    private static Forwarder.Reply items(String partitions, boolean stale) {
        String items = java.util.Arrays.stream(partitions.split(",")).map(p -> "{\"p\": \"" + p + "\"}")
                .collect(Collectors.joining(","));
        return new Forwarder.Reply(200, json("{\"data\": {\"items\": [" + items + "]}, \"metadata\": {\"stale\": "
                + stale + ", \"lag\": {\"offsets\": 3}}}"));
    }

    private static List<String> partitionsOf(List<JsonNode> items) {
        return items.stream().map(i -> i.get("p").asText()).sorted().toList();
    }

    private static RoutedQueries.Request client(boolean fresh) {
        return new RoutedQueries.Request(false, "/x?y=1", "req-1", null, new Reading(fresh));
    }

    private static RoutedQueries.Request forwarded(boolean fresh, Set<Integer> partitions) {
        return new RoutedQueries.Request(true, "/x?y=1", "req-1", partitions, new Reading(fresh));
    }

    private RoutedQueries routed(RoutedQueries.Locator locator, Forwarder.Reply reply) {
        return new RoutedQueries(locator, forwarding(reply), Duration.ofSeconds(2));
    }

    /** Forwards to the replies by host; a null reply is an instance that does not answer. */
    private RoutedQueries routed(RoutedQueries.Locator locator, Map<HostInfo, Forwarder.Reply> replies) {
        return new RoutedQueries(locator, (host, path, id, headers) -> {
            forwardedTo.add(host.host() + ":" + host.port() + path);
            Forwarder.Reply reply = replies.get(host);
            if (reply == null) {
                throw new StoreUnavailableException("connection refused");
            }
            return reply;
        }, Duration.ofMillis(300));
    }

    private RoutedQueries.Forwarding forwarding(Forwarder.Reply reply) {
        return (host, path, id, headers) -> {
            forwardedTo.add(host.host() + ":" + host.port() + path);
            return reply;
        };
    }

    private static StoreLocator.Placement placement(int partition, HostInfo active, HostInfo... standbys) {
        return new StoreLocator.Placement(partition, active, List.of(standbys));
    }

    private static Map<Integer, StoreLocator.Placement> placements(StoreLocator.Placement... placements) {
        Map<Integer, StoreLocator.Placement> out = new TreeMap<>();
        for (StoreLocator.Placement p : placements) {
            out.put(p.partition(), p);
        }
        return out;
    }

    private static RoutedQueries.Locator key(int partition, HostInfo active) {
        return locator(() -> placement(partition, active), Map::of);
    }

    private static RoutedQueries.Locator locator(Supplier<StoreLocator.Placement> where,
                                                 Supplier<Map<Integer, StoreLocator.Placement>> all) {
        return new RoutedQueries.Locator() {
            @Override
            public HostInfo self() {
                return SELF;
            }

            @Override
            public StoreLocator.Placement locate(String store, String key) {
                return where.get();
            }

            @Override
            public Map<Integer, StoreLocator.Placement> placements(String store) {
                return all.get();
            }
        };
    }

    private static Forwarder.Reply ok(String body) {
        return new Forwarder.Reply(200, json(body));
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
