package io.omninode.bridge.topology.patterns;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic pattern ids: the name-based (v3) UUID of {@code pattern:<pattern_type>:<subject>}.
 * Subjects: the tool ({@code error_burst}, {@code latency_regression}), the normalized signature
 * ({@code recurring_error}), {@code <service>/<instance_id>} ({@code flapping_service}),
 * {@code <tool A> -> <tool B>} ({@code tool_sequence}), the service ({@code startup_regression}),
 * {@code <service A>+<service B>} in name order ({@code co_failure}).
 */
public final class PatternIds {

    private PatternIds() {
    }

    public static String of(String patternType, String subject) {
        return UUID.nameUUIDFromBytes(("pattern:" + patternType + ":" + subject).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
