package io.omninode.bridge.ingest.registry;

import java.time.Instant;

/**
 * What the write side knows of one registration: enough to authorise and answer heartbeats and
 * deregistrations.
 *
 * @param registrationId stable id for (service, instance)
 * @param serviceName    registered service
 * @param instanceId     registered instance
 * @param ttlSeconds     heartbeat TTL of the registration
 * @param healthStatus   last reported health status
 * @param active         false once deregistered
 * @param lastSeen       time of the last registration or heartbeat event
 */
public record Registration(String registrationId, String serviceName, String instanceId, int ttlSeconds,
                           String healthStatus, boolean active, Instant lastSeen) {
}
