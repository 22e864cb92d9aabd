package io.omninode.bridge.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.schemas.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    private static final String INPUT = "{\"b\":1,\"a\":{\"d\":[{\"z\":1,\"y\":2.5},null,true,\"x\\u00e9\\\"\"],"
            + "\"c\":1e10,\"B\":12345678901234567890123},\"\":{}}";

    @Test
    void sortsKeysAtEveryLevelAndKeepsArraysAndNumbersAsJacksonWritesThem() throws Exception {
        assertThat(new String(CanonicalJson.bytes(Json.MAPPER.readTree(INPUT)), StandardCharsets.UTF_8))
                .isEqualTo("{\"\":{},\"a\":{\"B\":12345678901234567890123,\"c\":1.0E10,"
                        + "\"d\":[{\"y\":2.5,\"z\":1},null,true,\"xé\\\"\"]},\"b\":1}");
    }

    /** The keys and hashes of entries written before the streaming rewrite still match. */
    @Test
    void keysAndHashesAreThoseOfEarlierReleases() throws Exception {
        JsonNode input = Json.MAPPER.readTree(INPUT);
        assertThat(CanonicalJson.cacheKey("omniagent", "code_analyzer", input))
                .isEqualTo("ab07f3c22f1bf0fe82f44998b2e892d6b663b96b05f2894ad8634daa712cba7d")
                .isEqualTo(CanonicalJson.cacheKey("omniagent", "code_analyzer", CanonicalJson.bytes(input)));
        assertThat(CanonicalJson.hash(CanonicalJson.bytes(input)))
                .isEqualTo("a75558378e88dd7471b100ef226a0bb3250c73573e559cf9886cac1c9fd81650");
    }

    @Test
    void anotherKeyOrderGivesTheSameKeyAndAnotherToolAnother() throws Exception {
        JsonNode one = Json.MAPPER.readTree("{\"x\":{\"q\":1,\"p\":[2,{\"n\":3,\"m\":4}]},\"w\":\"v\"}");
        JsonNode other = Json.MAPPER.readTree("{\"w\":\"v\",\"x\":{\"p\":[2,{\"m\":4,\"n\":3}],\"q\":1}}");
        assertThat(CanonicalJson.cacheKey("s", "t", one)).isEqualTo(CanonicalJson.cacheKey("s", "t", other))
                .isNotEqualTo(CanonicalJson.cacheKey("s", "u", one));
    }
}
