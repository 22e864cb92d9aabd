package io.omninode.bridge.http;

import io.javalin.http.Context;
import io.omninode.bridge.schemas.Ids;

/**
 * Request and correlation ids: taken from {@code X-Request-ID}/{@code X-Correlation-ID} when the
 * client sends sane values, generated otherwise, and echoed in the response headers.
 */
public final class RequestIds {

    public static final String REQUEST_ID_HEADER = "X-Request-ID";
    public static final String CORRELATION_ID_HEADER = "X-Correlation-ID";

    private static final String REQUEST_ID = "bridge.request_id";
    private static final String CORRELATION_ID = "bridge.correlation_id";
    private static final String STARTED_NANOS = "bridge.started_nanos";
    private static final int MAX_ID_LENGTH = 128;

    private RequestIds() {
    }

    /** Before-handler: assigns the ids and the start time of the request. */
    public static void assign(Context ctx) {
        ctx.attribute(STARTED_NANOS, System.nanoTime());
        String requestId = sanitize(ctx.header(REQUEST_ID_HEADER));
        String correlationId = sanitize(ctx.header(CORRELATION_ID_HEADER));
        if (requestId == null) {
            requestId = Ids.random();
        }
        if (correlationId == null) {
            correlationId = requestId;
        }
        ctx.attribute(REQUEST_ID, requestId);
        ctx.attribute(CORRELATION_ID, correlationId);
        ctx.header(REQUEST_ID_HEADER, requestId);
        ctx.header(CORRELATION_ID_HEADER, correlationId);
    }

    public static String requestId(Context ctx) {
        String id = ctx.attribute(REQUEST_ID);
        return id != null ? id : "unknown";
    }

    public static String correlationId(Context ctx) {
        String id = ctx.attribute(CORRELATION_ID);
        return id != null ? id : requestId(ctx);
    }

    /** Milliseconds since {@link #assign} ran, with microsecond resolution. */
    public static double elapsedMillis(Context ctx) {
        Long started = ctx.attribute(STARTED_NANOS);
        if (started == null) {
            return 0.0;
        }
        return Math.round((System.nanoTime() - started) / 1_000.0) / 1_000.0;
    }

    private static String sanitize(String value) {
        if (value == null || value.isBlank() || value.length() > MAX_ID_LENGTH) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return null;
            }
        }
        return value;
    }
}
