package io.omninode.bridge.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * How {@code bridge tail} shows a record: a JSON value (an envelope, a cache entry) as the
 * document itself; anything else — DLQ bytes, tombstones, values that are not JSON — as a
 * wrapper {@code {topic, partition, offset, timestamp, key, headers, value}} where each byte
 * field is UTF-8 text when it decodes as such, else {@code {"base64": "..."}}.
 */
final class RecordJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RecordJson() {
    }

    /**
     * @param valuesAreJson whether the topic's values are JSON documents; when false (the DLQ)
     *                      every record is wrapped so that its key and headers show
     */
    static JsonNode of(ConsumerRecord<byte[], byte[]> record, boolean valuesAreJson) {
        if (valuesAreJson) {
            JsonNode value = parse(record.value());
            if (value != null) {
                return value;
            }
        }
        ObjectNode node = NODES.objectNode();
        node.put("topic", record.topic());
        node.put("partition", record.partition());
        node.put("offset", record.offset());
        node.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
        node.set("key", bytes(record.key()));
        ObjectNode headers = node.putObject("headers");
        for (Header header : record.headers()) {
            headers.set(header.key(), bytes(header.value()));
        }
        node.set("value", bytes(record.value()));
        return node;
    }

    /** The value as a JSON tree, or null when it is absent or not a JSON document. */
    private static JsonNode parse(byte[] value) {
        if (value == null || value.length == 0) {
            return null;
        }
        try {
            JsonNode tree = Json.MAPPER.readTree(value);
            return tree == null || tree.isMissingNode() ? null : tree;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static JsonNode bytes(byte[] bytes) {
        if (bytes == null) {
            return NODES.nullNode();
        }
        try {
            return NODES.textNode(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException notText) {
            return NODES.objectNode().put("base64", Base64.getEncoder().encodeToString(bytes));
        }
    }
}
