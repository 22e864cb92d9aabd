package io.omninode.bridge.schemas;

import static io.omninode.bridge.schemas.JsonEdits.remove;
import static io.omninode.bridge.schemas.JsonEdits.set;
import static io.omninode.bridge.schemas.Validation.messageAt;
import static io.omninode.bridge.schemas.Validation.paths;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class BatchSchemaTest {

    private static final BodySchema SCHEMA = BodySchema.BATCH;

    private static ObjectNode item(String endpoint, String sample) {
        ObjectNode item = Json.MAPPER.createObjectNode().put("endpoint", endpoint);
        item.set("hook", SeedSamples.load(sample));
        return item;
    }

    private static ArrayNode seedBatch() {
        return Json.MAPPER.createArrayNode()
                .add(item("service/lifecycle", SeedSamples.LIFECYCLE_STARTED))
                .add(item("tool/execution", SeedSamples.TOOL_EXECUTION))
                .add(item("tool/registration", SeedSamples.TOOL_DISCOVERED_HOOK))
                .add(item("error", SeedSamples.ERROR_HOOK));
    }

    private static ArrayNode batchOf(int size) {
        ArrayNode batch = Json.MAPPER.createArrayNode();
        for (int i = 0; i < size; i++) {
            batch.add(item("tool/execution", SeedSamples.TOOL_EXECUTION));
        }
        return batch;
    }

    @Test
    void shouldAcceptOneItemPerEndpoint() {
        assertThat(paths(SCHEMA, seedBatch())).isEmpty();
    }

    @Test
    void shouldAcceptOneThousandItemsButNotOneMore() {
        // Given
        ArrayNode full = batchOf(1000);
        ArrayNode tooBig = batchOf(1001);

        // Then
        assertThat(paths(SCHEMA, full)).isEmpty();
        assertThat(paths(SCHEMA, tooBig)).containsExactly("$");
        assertThat(messageAt(SCHEMA, tooBig, "$")).isEqualTo("must have at most 1000 items");
    }

    @Test
    void shouldRefuseAnEmptyBatchOrOneThatIsNotAnArray() {
        // Then
        assertThat(messageAt(SCHEMA, Json.MAPPER.createArrayNode(), "$")).isEqualTo("must have at least 1 item");
        assertThat(messageAt(SCHEMA, SeedSamples.load(SeedSamples.TOOL_EXECUTION), "$")).isEqualTo("must be an array");
    }

    @Test
    void shouldCheckOnlyTheShapeOfEachItem() {
        // Given
        ArrayNode batch = seedBatch();
        set(batch, "/0/endpoint", "hooks/service/lifecycle");
        remove(batch, "/1/hook");
        set(batch, "/2/hook", "tool");
        remove(batch, "/3/endpoint");
        batch.add("not an item");
        batch.add(item("error", SeedSamples.ERROR_HOOK).put("extra", true));
        batch.add(item("error", SeedSamples.TOOL_EXECUTION)); // wrong hook for the endpoint: the server's job

        // Then
        assertThat(paths(SCHEMA, batch)).containsExactly("$[0].endpoint", "$[1].hook", "$[2].hook", "$[3].endpoint", "$[4]");
        assertThat(messageAt(SCHEMA, batch, "$[0].endpoint"))
                .isEqualTo("must be one of service/lifecycle, tool/execution, tool/registration, error");
    }
}
