package io.omninode.bridge.queries.stream;

import io.omninode.bridge.http.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where a client of the event stream is: for each of its topics, the next offset of every
 * partition. It is the {@code id} of every event the client receives, so a reconnecting browser
 * sends it back as {@code Last-Event-ID} and resumes exactly there:
 * {@code intelligence.health:12,5,0|intelligence.patterns:3,3,3}.
 */
final class StreamPosition {

    private static final int MAX_LENGTH = 8192;
    private static final int MAX_PARTITIONS = 1024;

    private final Map<String, long[]> offsets = new LinkedHashMap<>();

    /**
     * Reads a {@code Last-Event-ID}; 400 for anything this stream did not write. A partition the
     * id does not name (the topic grew since) starts where the stream is now; one the topic does not
     * have is ignored.
     *
     * @param streamable the logical names of the streamable topics
     */
    static StreamPosition parse(String text, Set<String> streamable) {
        StreamPosition position = new StreamPosition();
        if (text.length() > MAX_LENGTH) {
            throw invalid("it is longer than " + MAX_LENGTH + " characters");
        }
        for (String part : text.trim().split("\\|")) {
            int colon = part.lastIndexOf(':');
            if (colon <= 0) {
                throw invalid("'" + part + "' is not topic:offset,offset,...");
            }
            String topic = part.substring(0, colon);
            if (!streamable.contains(topic)) {
                throw invalid("it names '" + topic + "', which is not streamed");
            }
            String[] values = part.substring(colon + 1).split(",", -1);
            if (values.length > MAX_PARTITIONS) {
                throw invalid("it names " + values.length + " partitions of " + topic);
            }
            long[] next = new long[values.length];
            for (int i = 0; i < values.length; i++) {
                try {
                    next[i] = Long.parseLong(values[i].trim());
                } catch (NumberFormatException e) {
                    throw invalid("'" + values[i] + "' is not an offset");
                }
                if (next[i] < 0) {
                    throw invalid("offsets are not negative");
                }
            }
            position.offsets.put(topic, next);
        }
        return position;
    }

    private static ApiException invalid(String why) {
        return ApiException.badRequest("$.headers.Last-Event-ID",
                "Last-Event-ID is not a position of this stream: " + why);
    }

    /** The offsets of {@code topic}, or null when this position does not name it. Not a copy. */
    long[] of(String topic) {
        return offsets.get(topic);
    }

    /** Sets {@code topic}'s offsets; the array is kept, not copied, and must not change afterwards. */
    void set(String topic, long[] next) {
        offsets.put(topic, next);
    }

    String encode() {
        StringBuilder out = new StringBuilder(24 * offsets.size());
        offsets.forEach((topic, next) -> {
            if (!out.isEmpty()) {
                out.append('|');
            }
            out.append(topic).append(':');
            for (int i = 0; i < next.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(next[i]);
            }
        });
        return out.toString();
    }
}
