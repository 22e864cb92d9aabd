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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class RoutedQueriesTest {

    private static final HostInfo OTHER = new HostInfo("10.0.0.2", 8000);
    private static final RoutedQueries.Request CLIENT = new RoutedQueries.Request(false, "/x?y=1", "req-1");
    private static final RoutedQueries.Request FORWARDED = new RoutedQueries.Request(true, "/x?y=1", "req-1");

    private final List<String> forwardedTo = new ArrayList<>();

    @Test
    void shouldAnswerLocallyWhenThisInstanceOwnsTheKey() {
        RoutedQueries routed = routed(local(3), ok("{}"));

        RoutedQueries.Answer<String> answer = routed.byKey(CLIENT, "s", "k", partition -> "p" + partition);

        assertThat(answer).isEqualTo(new RoutedQueries.Answer.Here<>("p3"));
        assertThat(forwardedTo).isEmpty();
    }

    @Test
    void shouldForwardOnceToTheOwnerAndRelayItsReply() {
        RoutedQueries routed = routed(remote(), ok("{\"success\": true}"));

        RoutedQueries.Answer<String> answer = routed.byKey(CLIENT, "s", "k", partition -> "never");

        assertThat(answer).isInstanceOf(RoutedQueries.Answer.Relayed.class);
        assertThat(forwardedTo).containsExactly("10.0.0.2:8000/x?y=1");
    }

    @Test
    void shouldRefuseInsteadOfForwardingARequestThatWasAlreadyForwarded() {
        RoutedQueries routed = routed(remote(), ok("{}"));

        assertThatThrownBy(() -> routed.byKey(FORWARDED, "s", "k", partition -> "never"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503));
        assertThat(forwardedTo).as("no second hop").isEmpty();
    }

    @Test
    void shouldRetryWhileTheOwnerIsMovingThenAnswer() {
        AtomicInteger attempts = new AtomicInteger();
        RoutedQueries.Locator moving = locator(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw new StoreUnavailableException("rebalancing");
            }
            return new StoreLocator.Location.Local(0);
        });

        RoutedQueries.Answer<String> answer = routed(moving, ok("{}")).byKey(CLIENT, "s", "k", p -> "found");

        assertThat(answer).isEqualTo(new RoutedQueries.Answer.Here<>("found"));
        assertThat(attempts.get()).isEqualTo(3);
    }

    @Test
    void shouldGiveUpWith503AndRetryAfterWhenTheStoreStaysUnavailable() {
        RoutedQueries.Locator never = locator(() -> {
            throw new StoreUnavailableException("rebalancing");
        });
        RoutedQueries routed = new RoutedQueries(never, forwarding(ok("{}")), Duration.ofMillis(300));

        assertThatThrownBy(() -> routed.byKey(CLIENT, "s", "k", p -> "x"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.headers()).containsKey("Retry-After");
                });
    }

    @Test
    void shouldTreatAnOwnerAnswering503AsMovingNotAsTheAnswer() {
        AtomicInteger calls = new AtomicInteger();
        RoutedQueries.Forwarding busyThenOk = (host, path, id) -> calls.incrementAndGet() == 1
                ? new Forwarder.Reply(503, json("{}")) : new Forwarder.Reply(200, json("{\"ok\": 1}"));
        RoutedQueries routed = new RoutedQueries(remote(), busyThenOk, Duration.ofSeconds(2));

        RoutedQueries.Answer<String> answer = routed.byKey(CLIENT, "s", "k", p -> "never");

        assertThat(((RoutedQueries.Answer.Relayed<String>) answer).reply().status()).isEqualTo(200);
    }

    @Test
    void shouldGatherLocalAndRemoteItemsAndFailWholeWhenOnePartCannotAnswer() {
        RoutedQueries.Locator twoOthers = new RoutedQueries.Locator() {
            @Override
            public StoreLocator.Location locate(String store, String key) {
                return new StoreLocator.Location.Local(0);
            }

            @Override
            public List<HostInfo> others(String store) {
                return List.of(OTHER, new HostInfo("10.0.0.3", 8000));
            }
        };
        RoutedQueries ok = new RoutedQueries(twoOthers, forwarding(ok("{\"data\": {\"items\": [{\"n\": 2}]}}")),
                Duration.ofMillis(300));
        assertThat(ok.gather(CLIENT, "s", () -> List.of(json("{\"n\": 1}")))).hasSize(3);
        assertThat(ok.gather(FORWARDED, "s", () -> List.of(json("{\"n\": 1}")))).as("forwarded: local part only")
                .hasSize(1);

        RoutedQueries partial = new RoutedQueries(twoOthers, (host, path, id) -> host.equals(OTHER)
                ? new Forwarder.Reply(200, json("{\"data\": {\"items\": []}}")) : new Forwarder.Reply(503, json("{}")),
                Duration.ofMillis(300));
        assertThatThrownBy(() -> partial.gather(CLIENT, "s", List::of))
                .as("never a partial list").isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503));
    }

    private RoutedQueries routed(RoutedQueries.Locator locator, Forwarder.Reply reply) {
        return new RoutedQueries(locator, forwarding(reply), Duration.ofSeconds(2));
    }

    private RoutedQueries.Forwarding forwarding(Forwarder.Reply reply) {
        return (host, path, id) -> {
            forwardedTo.add(host.host() + ":" + host.port() + path);
            return reply;
        };
    }

    private static RoutedQueries.Locator local(int partition) {
        return locator(() -> new StoreLocator.Location.Local(partition));
    }

    private static RoutedQueries.Locator remote() {
        return locator(() -> new StoreLocator.Location.Remote(OTHER));
    }

    private static RoutedQueries.Locator locator(Supplier<StoreLocator.Location> where) {
        return new RoutedQueries.Locator() {
            @Override
            public StoreLocator.Location locate(String store, String key) {
                return where.get();
            }

            @Override
            public List<HostInfo> others(String store) {
                return List.of();
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
