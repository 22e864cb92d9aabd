package io.omninode.bridge.consul;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How the bridge talks to its Consul agent.
 *
 * @param url                     the agent's HTTP API, e.g. {@code http://consul:8500}
 * @param token                   ACL token sent with every request, or null for none
 * @param deregisterCriticalAfter Consul's {@code DeregisterCriticalServiceAfter} of every mirrored
 *                                instance's TTL check, or null for {@code 10 × ttl_seconds}
 * @param kvWait                  how long one blocking KV query may be held by the agent
 * @param minQueryInterval        the least time between two KV queries that saw no index change
 * @param maxBackoff              the longest pause between retries while Consul is unreachable
 */
public record ConsulSettings(URI url, String token, Duration deregisterCriticalAfter, Duration kvWait,
                             Duration minQueryInterval, Duration maxBackoff) {

    public static final Duration DEFAULT_KV_WAIT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MIN_QUERY_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

    public ConsulSettings {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("Consul URL must look like http://host:8500, not '" + url + "'");
        }
        if (token != null && token.isBlank()) {
            token = null;
        }
        if (deregisterCriticalAfter != null && deregisterCriticalAfter.toSeconds() < 1) {
            throw new IllegalArgumentException("deregister-after must be at least 1 s");
        }
        Objects.requireNonNull(kvWait, "kvWait");
        Objects.requireNonNull(minQueryInterval, "minQueryInterval");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
    }

    /** Settings from the command line, with the default wait, rate limit and backoff. */
    public static ConsulSettings of(URI url, String token, Duration deregisterCriticalAfter) {
        return new ConsulSettings(url, token, deregisterCriticalAfter, DEFAULT_KV_WAIT, DEFAULT_MIN_QUERY_INTERVAL,
                DEFAULT_MAX_BACKOFF);
    }

    public ConsulSettings withKvWait(Duration wait) {
        return new ConsulSettings(url, token, deregisterCriticalAfter, wait, minQueryInterval, maxBackoff);
    }

    public ConsulSettings withMaxBackoff(Duration backoff) {
        return new ConsulSettings(url, token, deregisterCriticalAfter, kvWait, minQueryInterval, backoff);
    }

    /** The agent port, defaulting to Consul's 8500. */
    int port() {
        return url.getPort() > 0 ? url.getPort() : 8500;
    }

    /** What to put in Consul's {@code DeregisterCriticalServiceAfter} for an instance with this TTL. */
    String deregisterAfterFor(long ttlSeconds) {
        long seconds = deregisterCriticalAfter != null ? deregisterCriticalAfter.toSeconds() : 10 * ttlSeconds;
        return Math.max(1, seconds) + "s";
    }

    @Override
    public String toString() {
        return "ConsulSettings[url=" + url + ", token=" + (token == null ? "none" : "***") + "]";
    }
}
