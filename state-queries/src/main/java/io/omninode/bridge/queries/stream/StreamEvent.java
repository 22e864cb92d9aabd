package io.omninode.bridge.queries.stream;

/**
 * One record of a streamed topic, decoded once by its {@link TopicTail} and shared by every
 * client that receives it.
 *
 * @param topic     the topic's logical name ({@code intelligence.health}), without the deployment's prefix
 * @param after     the tail's next offset of every partition of the topic right after this record
 *                  (what a client that saw this record resumes from); never modified
 * @param service   the service the event is about, or null
 * @param tool      the tool the event is about, or null
 * @param json      the envelope as stored on the topic, on one line
 */
record StreamEvent(String topic, int partition, long offset, long[] after, String eventType, String service,
                   String tool, String json) {

    /** Roughly what the event holds on the heap, for the per-client buffer bound. */
    int weight() {
        return 96 + 2 * json.length() + 8 * after.length;
    }
}
