package io.omninode.bridge.ingest.hooks;

/** The ids a request carries into every envelope it produces. */
public record RequestMeta(String correlationId, String requestId) {
}
