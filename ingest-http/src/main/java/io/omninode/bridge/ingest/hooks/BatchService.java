package io.omninode.bridge.ingest.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.http.ApiException;
import io.omninode.bridge.http.ApiResponses;
import io.omninode.bridge.http.RequestMeta;
import io.omninode.bridge.http.auth.Principal;
import io.omninode.bridge.ingest.kafka.EventPublisher;
import io.omninode.bridge.schemas.BodySchema;
import io.omninode.bridge.schemas.Topic;
import io.omninode.bridge.schemas.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /hooks/batch}: up to {@value #MAX_ITEMS} hooks in one request. Every item is checked
 * on its own; valid items are written, invalid ones are reported with their error and nothing of
 * them reaches Kafka. The reply lists one result per item, in request order, and is sent only
 * after every accepted item was acknowledged.
 */
public final class BatchService {

    public static final int MAX_ITEMS = 1000;
    private static final Pattern ITEM_PATH = Pattern.compile("^\\$\\[(\\d+)](.*)$");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final WriteGuard guard;
    private final HookService hooks;

    public BatchService(WriteGuard guard, HookService hooks) {
        this.guard = guard;
        this.hooks = hooks;
    }

    /** Items in a batch body, for rate limiting before the batch is processed; 0 when not an array. */
    public static int itemCount(JsonNode body) {
        return body.isArray() ? body.size() : 0;
    }

    public CompletableFuture<ObjectNode> submit(Principal principal, JsonNode body, RequestMeta meta) {
        if (!body.isArray()) {
            throw ApiException.badRequest("$", "batch body must be a JSON array of {\"endpoint\", \"hook\"} items");
        }
        if (body.size() > MAX_ITEMS) {
            throw ApiException.badRequest("$", "batch has " + body.size() + " items; at most " + MAX_ITEMS + " are accepted");
        }
        Map<Integer, List<Violation>> shapeErrors = itemShapeErrors(guard.violations(BodySchema.BATCH, body));

        List<CompletableFuture<ObjectNode>> results = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            results.add(item(principal, i, body.get(i), shapeErrors.get(i), meta));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> summarize(results));
    }

    private CompletableFuture<ObjectNode> item(Principal principal, int index, JsonNode item,
                                               List<Violation> shapeErrors, RequestMeta meta) {
        try {
            if (shapeErrors != null) {
                throw ApiException.badRequest(WriteGuard.summary(shapeErrors), shapeErrors);
            }
            HookKind kind = HookKind.byEndpoint(item.path("endpoint").asText())
                    .orElseThrow(() -> ApiException.badRequest("$[" + index + "].endpoint", "unknown endpoint"));
            JsonNode hook = item.get("hook");
            if (hook == null || !hook.isObject()) {
                throw ApiException.badRequest("$[" + index + "].hook", "must be a JSON object");
            }
            List<Violation> violations = prefixed(index, guard.violations(kind.schema(), hook));
            if (!violations.isEmpty()) {
                throw ApiException.badRequest(WriteGuard.summary(violations), violations);
            }
            NormalizedEvent event = hooks.prepare(principal, kind, (ObjectNode) hook, meta);
            Topic<?, ?> topic = event.topic(); // not the event: its payload need not wait for the broker
            return hooks.write(event)
                    .thenApply(receipt -> accepted(index, receipt))
                    .exceptionally(e -> rejected(index, EventPublisher.translate(topic, e)));
        } catch (ApiException e) {
            return CompletableFuture.completedFuture(rejected(index, e));
        }
    }

    private static ObjectNode summarize(List<CompletableFuture<ObjectNode>> results) {
        ObjectNode data = NODES.objectNode();
        ArrayNode items = NODES.arrayNode();
        int accepted = 0;
        int unavailable = 0;
        for (CompletableFuture<ObjectNode> f : results) {
            ObjectNode r = f.join();
            items.add(r);
            if (r.path("success").asBoolean()) {
                accepted++;
            } else if (r.path("status").asInt() == 503) {
                unavailable++;
            }
        }
        if (accepted == 0 && unavailable > 0) {
            throw ApiException.unavailable("Kafka is unavailable; no item of the batch was stored", 5);
        }
        data.put("accepted", accepted);
        data.put("rejected", results.size() - accepted);
        data.set("results", items);
        return data;
    }

    private static ObjectNode accepted(int index, WriteReceipt receipt) {
        ObjectNode r = NODES.objectNode();
        r.put("index", index);
        r.put("success", true);
        r.put("status", 200);
        r.put("hook_id", receipt.hookId());
        r.put("event_type", receipt.eventType());
        r.put("topic", receipt.topic());
        r.put("partition", receipt.partition());
        r.put("offset", receipt.offset());
        return r;
    }

    private static ObjectNode rejected(int index, ApiException e) {
        ObjectNode r = NODES.objectNode();
        r.put("index", index);
        r.put("success", false);
        r.put("status", e.status());
        r.set("error", ApiResponses.errorNode(e));
        return r;
    }

    private static List<Violation> prefixed(int index, List<Violation> violations) {
        List<Violation> out = new ArrayList<>(violations.size());
        for (Violation v : violations) {
            out.add(new Violation("$[" + index + "].hook" + v.path().substring(1), v.message()));
        }
        return out;
    }

    /** Groups batch-schema violations by item index; a violation of the batch itself is a 400. */
    private static Map<Integer, List<Violation>> itemShapeErrors(List<Violation> violations) {
        Map<Integer, List<Violation>> byItem = new TreeMap<>();
        for (Violation v : violations) {
            Matcher m = ITEM_PATH.matcher(v.path());
            if (!m.matches()) {
                throw ApiException.badRequest(v.path(), v.message());
            }
            byItem.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new ArrayList<>()).add(v);
        }
        return byItem;
    }
}
