package io.omninode.bridge.proxy.cache;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the proxy has learned about one tool of one service from the executions it ran: whether
 * identical inputs gave identical outputs (stable) or not (the tool is never cached), and what a
 * call costs. The TTL grows with observed stability and cost, within the configured bounds.
 */
public final class ToolCachePolicy {

    /** The decision for the next result of this tool. */
    public enum Verdict { CACHE, LEARNING, NEVER }

    private static final int REMEMBERED_INPUTS = 1_000;

    private final Map<String, String> outputByInput = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED_INPUTS;
        }
    };
    private long executions;
    private long stableRepeats;
    private long differingRepeats;
    private long errors;
    private double meanMillis;
    long hits;
    long misses;

    /** Learns from one successful execution: was this input seen before, with the same output? */
    public synchronized void observe(String inputHash, String outputHash, double millis) {
        executions++;
        meanMillis += (millis - meanMillis) / executions;
        String previous = outputByInput.put(inputHash, outputHash);
        if (previous != null) {
            if (previous.equals(outputHash)) {
                stableRepeats++;
            } else {
                differingRepeats++;
            }
        }
    }

    public synchronized void observeError() {
        errors++;
    }

    public synchronized Verdict verdict() {
        if (differingRepeats > 0) {
            return Verdict.NEVER;
        }
        return stableRepeats > 0 ? Verdict.CACHE : Verdict.LEARNING;
    }

    /** Why {@link #verdict()} is what it is, for {@code GET /cache/stats}. */
    public synchronized String reason() {
        return switch (verdict()) {
            case NEVER -> "identical inputs gave different outputs " + differingRepeats + " time(s): never cached";
            case CACHE -> "identical inputs gave identical outputs " + stableRepeats + " time(s), mean cost "
                    + Math.round(meanMillis) + " ms";
            case LEARNING -> "no repeated input seen yet (" + executions + " execution(s))";
        };
    }

    /** Default TTL × (1 + log2(1 + stable repeats)) × cost factor (1–4 for 100–400 ms), clamped. */
    public synchronized long ttlSeconds(CacheSettings settings) {
        double stability = 1 + Math.log(1 + stableRepeats) / Math.log(2);
        double cost = Math.min(4.0, Math.max(1.0, meanMillis / 100.0));
        long ttl = Math.round(settings.defaultTtlSeconds() * stability * cost);
        return Math.max(settings.minTtlSeconds(), Math.min(settings.maxTtlSeconds(), ttl));
    }

    synchronized long executions() {
        return executions;
    }

    synchronized long errors() {
        return errors;
    }
}
