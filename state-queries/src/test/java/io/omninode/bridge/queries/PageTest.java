package io.omninode.bridge.queries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.http.ApiException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageTest {

    @Test
    void shouldPageThroughEveryItemOnceWhateverOrderTheyArriveIn() {
        List<JsonNode> items = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            items.add(JsonNodeFactory.instance.objectNode().put("name", String.format("svc-%02d", i)));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            List<JsonNode> shuffled = new ArrayList<>(items);
            Collections.shuffle(shuffled);
            ObjectNode page = Page.of("5", cursor).apply(shuffled, i -> i.get("name").asText());
            page.get("items").forEach(i -> seen.add(i.get("name").asText()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);

        assertThat(seen).hasSize(23).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void shouldRefuseBadLimitsAndCursors() {
        assertThatThrownBy(() -> Page.of("0", null)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> Page.of("1001", null)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> Page.of("ten", null)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> Page.of(null, "%%%")).isInstanceOf(ApiException.class);
        assertThat(Page.of(null, null).limit()).isEqualTo(Page.DEFAULT_LIMIT);
    }
}
