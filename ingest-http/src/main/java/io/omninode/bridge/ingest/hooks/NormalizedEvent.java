package io.omninode.bridge.ingest.hooks;

import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.Topic;

/**
 * A validated request ready to be written: where to, under which key, and on behalf of which
 * service (for service-token scoping).
 *
 * @param topic          destination topic
 * @param key            record key (DESIGN.md §3)
 * @param subjectService the service the request writes for; null when the body names none
 * @param subjectPath    JSON path of the field naming that service, for 403 details
 * @param envelope       the envelope to write
 */
public record NormalizedEvent(Topic<String, Envelope> topic, String key, String subjectService,
                              String subjectPath, Envelope envelope) {
}
