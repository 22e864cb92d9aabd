package io.omninode.bridge.queries.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omninode.bridge.http.ApiException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamPositionTest {

    private static final Set<String> STREAMABLE = Set.of("intelligence.health", "intelligence.patterns");

    @Test
    void shouldReadBackWhatItWrote() {
        StreamPosition position = new StreamPosition();
        position.set("intelligence.health", new long[] {12, 5, 0});
        position.set("intelligence.patterns", new long[] {3});

        String id = position.encode();
        StreamPosition read = StreamPosition.parse(id, STREAMABLE);

        assertThat(id).isEqualTo("intelligence.health:12,5,0|intelligence.patterns:3");
        assertThat(read.of("intelligence.health")).containsExactly(12, 5, 0);
        assertThat(read.of("intelligence.patterns")).containsExactly(3);
        assertThat(read.of("hooks.errors")).isNull();
    }

    @Test
    void shouldRefuseWhatThisStreamDidNotWriteWith400() {
        for (String bad : new String[] {"garbage", "hooks.errors:1,2", "intelligence.health:1,x", "intelligence.health:-1",
            ":1", "intelligence.health:" + "1,".repeat(2000) + "1"}) {
            assertThatThrownBy(() -> StreamPosition.parse(bad, STREAMABLE)).as(bad)
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.getMessage()).startsWith("Last-Event-ID is not a position of this stream");
                    });
        }
    }
}
