package io.omninode.bridge.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.omninode.bridge.schemas.Json;
import io.omninode.bridge.schemas.Violation;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes the success and failure envelopes of DESIGN.md §5. */
public final class ApiResponses {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectWriter WRITER = Json.MAPPER.writer();
    private static final String WRITTEN = "omninode.reply-written";
    private static final Logger LOG = LoggerFactory.getLogger(ApiResponses.class);

    private final String version;

    public ApiResponses(String version) {
        this.version = version;
    }

    /** 200 with {@code {"success": true, "data": data, "error": null, "metadata": …}}. */
    public void ok(Context ctx, Object data) {
        ok(ctx, data, Map.of());
    }

    /** Like {@link #ok(Context, Object)} with extra {@code metadata} fields (e.g. {@code served_by}). */
    public void ok(Context ctx, Object data, Map<String, ?> extraMetadata) {
        ObjectNode body = NODES.objectNode();
        body.put("success", true);
        body.set("data", tree(data));
        body.putNull("error");
        ObjectNode metadata = metadata(ctx);
        extraMetadata.forEach((k, v) -> metadata.set(k, tree(v)));
        body.set("metadata", metadata);
        write(ctx, 200, body);
    }

    /** A tree as it is (valueToTree would copy it), anything else converted. */
    private static JsonNode tree(Object value) {
        return value instanceof JsonNode node ? node : Json.MAPPER.valueToTree(value);
    }

    /** Writes a JSON envelope produced by another instance, with its status. */
    public static void relay(Context ctx, int status, JsonNode envelope) {
        write(ctx, status, envelope);
    }

    /** The failure envelope for {@code e}, with its status and headers. */
    public void error(Context ctx, ApiException e) {
        e.headers().forEach(ctx::header);
        ObjectNode body = NODES.objectNode();
        body.put("success", false);
        body.putNull("data");
        body.set("error", errorNode(e));
        body.set("metadata", metadata(ctx));
        write(ctx, e.status(), body);
    }

    /** The {@code error} object alone, as used in per-item batch results. */
    public static ObjectNode errorNode(ApiException e) {
        ObjectNode error = NODES.objectNode();
        error.put("code", e.code());
        error.put("message", e.getMessage());
        ArrayNode details = error.putArray("details");
        for (Violation v : e.details()) {
            details.addObject().put("path", v.path()).put("message", v.message());
        }
        return error;
    }

    private ObjectNode metadata(Context ctx) {
        ObjectNode metadata = NODES.objectNode();
        metadata.put("request_id", RequestIds.requestId(ctx));
        metadata.put("timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        metadata.put("processing_time_ms", RequestIds.elapsedMillis(ctx));
        metadata.put("version", version);
        return metadata;
    }

    /**
     * Whether an envelope was written for {@code ctx}. The body goes straight to the (compressing)
     * output stream, not to {@code ctx.result()}: Javalin copies a result through a new 8 KiB buffer
     * per reply, which was a twentieth of a proxy cache hit's CPU.
     */
    public static boolean written(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(WRITTEN));
    }

    private static void write(Context ctx, int status, JsonNode body) {
        byte[] bytes;
        try {
            bytes = WRITER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize response envelope", e);
        }
        if (written(ctx)) { // a bug: the first reply is on its way and cannot be taken back
            LOG.warn("a second reply ({}) to {} {} was dropped: one was already written", status, ctx.method(),
                    ctx.path());
            return;
        }
        ctx.attribute(WRITTEN, Boolean.TRUE);
        ctx.status(status).contentType(ContentType.JSON); // on BridgeServer.compression()'s allowed list
        try {
            ctx.outputStream().write(bytes);
        } catch (IOException e) {
            LOG.debug("reply to {} {} not delivered: {}", ctx.method(), ctx.path(), e.toString()); // the client left
        }
    }
}
