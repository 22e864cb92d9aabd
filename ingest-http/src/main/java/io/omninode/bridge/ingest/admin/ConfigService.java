package io.omninode.bridge.ingest.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.http.ApiException;
import io.omninode.bridge.ingest.kafka.EventPublisher;
import io.omninode.bridge.schemas.ConfigKeys;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.schemas.Violation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * {@code PUT /admin/config}: writes {@code {key: value, …}} to the compacted {@code bridge.config}
 * topic, one record per key (a JSON {@code null} deletes the override, so the default applies
 * again). Every key must be in the catalog ({@link ConfigKeys}) with a value of its type within its
 * bounds, or under {@code services.<service>.}; otherwise 400 lists each refused key and nothing is
 * written. The topology reads it as a global store, so a change applies to new data without a
 * restart.
 */
public final class ConfigService {

    public static final int MAX_KEYS = 100;
    private static final Pattern KEY = Pattern.compile("^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$");
    private static final int MAX_KEY_LENGTH = 200;

    private final EventPublisher publisher;
    private final Topics topics;

    public ConfigService(EventPublisher publisher, Topics topics) {
        this.publisher = publisher;
        this.topics = topics;
    }

    public CompletableFuture<ObjectNode> update(JsonNode body) {
        if (!body.isObject() || body.isEmpty()) {
            throw ApiException.badRequest("$", "body must be a non-empty JSON object of {\"config.key\": value}");
        }
        if (body.size() > MAX_KEYS) {
            throw ApiException.badRequest("$", "at most " + MAX_KEYS + " keys per request, got " + body.size());
        }
        List<Violation> violations = new ArrayList<>();
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            String path = "$['" + key + "']";
            if (key.length() > MAX_KEY_LENGTH || !KEY.matcher(key).matches()) {
                violations.add(new Violation(path,
                        "config keys are dot-separated names of letters, digits, '_' and '-' (at most 200 characters)"));
                continue;
            }
            String problem = ConfigKeys.problem(key, body.get(key));
            if (problem != null) {
                violations.add(new Violation(path, problem));
            }
        }
        if (!violations.isEmpty()) {
            // nothing is written when any key is refused
            throw ApiException.badRequest("invalid config: " + violations.get(0).message(), violations);
        }
        List<String> keys = new ArrayList<>();
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue().isNull() ? null : entry.getValue();
            keys.add(entry.getKey());
            writes.add(publisher.send(topics.bridgeConfig, entry.getKey(), value, new RecordHeaders()));
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            keys.forEach(data.putArray("updated_keys")::add);
            return data;
        });
    }
}
