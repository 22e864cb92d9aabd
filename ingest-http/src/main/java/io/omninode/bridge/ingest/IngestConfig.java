package io.omninode.bridge.ingest;

import java.util.List;

/**
 * HTTP limits of the bridge (DESIGN.md §7).
 *
 * @param maxBodyBytes       largest accepted request body; larger → 413 (default 4 MiB)
 * @param rateLimitPerSecond requests (batch items) per second per principal; 0 disables (→ 429)
 * @param version            reported in every reply's {@code metadata.version}
 * @param proxyDeny          CIDRs the proxy refuses to call, besides the built-in link-local and
 *                           metadata ranges
 */
public record IngestConfig(long maxBodyBytes, double rateLimitPerSecond, String version, List<String> proxyDeny) {

    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final double DEFAULT_RATE_LIMIT = 5_000;

    public IngestConfig(long maxBodyBytes, double rateLimitPerSecond, String version) {
        this(maxBodyBytes, rateLimitPerSecond, version, List.of());
    }

    public IngestConfig {
        proxyDeny = List.copyOf(proxyDeny);
        if (maxBodyBytes < 1 || maxBodyBytes > 64L * 1024 * 1024) {
            throw new IllegalArgumentException("max body bytes must be between 1 and 64 MiB");
        }
        if (rateLimitPerSecond < 0) {
            throw new IllegalArgumentException("rate limit must not be negative (0 disables it)");
        }
    }

    public static IngestConfig defaults(String version) {
        return new IngestConfig(DEFAULT_MAX_BODY_BYTES, DEFAULT_RATE_LIMIT, version);
    }
}
