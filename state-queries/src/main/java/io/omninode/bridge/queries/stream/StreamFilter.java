package io.omninode.bridge.queries.stream;

import io.omninode.bridge.http.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one client of {@code GET /events/stream} asked for: topics (logical names, the
 * intelligence topics when none is given) and optionally one service and one tool.
 */
record StreamFilter(Set<String> topics, String service, String tool) {

    /**
     * @param topicParams the {@code topic} query parameters, each one name or a comma-separated list
     * @param streamable  the logical names a client may ask for
     * @param defaults    what an empty {@code topic} means
     */
    static StreamFilter parse(List<String> topicParams, String service, String tool, Set<String> streamable,
                              Set<String> defaults) {
        Set<String> topics = new LinkedHashSet<>();
        for (String param : topicParams) {
            for (String name : param.split(",")) {
                String topic = name.trim();
                if (topic.isEmpty()) {
                    continue;
                }
                if (!streamable.contains(topic)) {
                    throw ApiException.badRequest("$.topic", "unknown topic '" + topic + "': streamable topics are "
                            + String.join(", ", new ArrayList<>(streamable)));
                }
                topics.add(topic);
            }
        }
        return new StreamFilter(topics.isEmpty() ? new LinkedHashSet<>(defaults) : topics, blankToNull(service),
                blankToNull(tool));
    }

    boolean matches(StreamEvent event) {
        return topics.contains(event.topic())
                && (service == null || service.equals(event.service()))
                && (tool == null || tool.equals(event.tool()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
