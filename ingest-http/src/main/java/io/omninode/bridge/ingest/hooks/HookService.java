package io.omninode.bridge.ingest.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.http.RequestMeta;
import io.omninode.bridge.http.auth.Principal;
import io.omninode.bridge.ingest.kafka.EventPublisher;
import java.util.concurrent.CompletableFuture;

/** Accepts single hooks: validate, normalise, check scope, write, and report where it was stored. */
public final class HookService {

    private final WriteGuard guard;
    private final HookNormalizer normalizer;
    private final EventPublisher publisher;

    public HookService(WriteGuard guard, HookNormalizer normalizer, EventPublisher publisher) {
        this.guard = guard;
        this.normalizer = normalizer;
        this.publisher = publisher;
    }

    /**
     * Validates {@code body} and writes it; throws {@code ApiException} synchronously for bad
     * input, completes exceptionally with one when Kafka does not acknowledge.
     */
    public CompletableFuture<WriteReceipt> submit(Principal principal, HookKind kind, JsonNode body, RequestMeta meta) {
        NormalizedEvent event = prepare(principal, kind, guard.validObject(kind.schema(), body), meta);
        return write(event);
    }

    /** Normalises an already validated body and checks the principal may write it. */
    NormalizedEvent prepare(Principal principal, HookKind kind, ObjectNode body, RequestMeta meta) {
        NormalizedEvent event = normalizer.normalize(kind, body, meta.correlationId(), meta.requestId());
        WriteGuard.requireScope(principal, event.subjectService(), event.subjectPath());
        return event;
    }

    /**
     * Sends {@code event}; the receipt is built from its id and type, taken now, so that the pending
     * future does not keep the event (its payload tree) alive until the broker answers: with many
     * writes in flight those trees outlived young collections, which copied them.
     */
    CompletableFuture<WriteReceipt> write(NormalizedEvent event) {
        String hookId = event.envelope().eventId();
        String eventType = event.envelope().eventType();
        return publisher.publish(event.topic(), event.key(), event.envelope())
                .thenApply(md -> new WriteReceipt(hookId, eventType, md.topic(), md.partition(), md.offset()));
    }
}
