package io.omninode.bridge.http;

/** The ids a request carries into every envelope it produces. */
public record RequestMeta(String correlationId, String requestId) {
}
