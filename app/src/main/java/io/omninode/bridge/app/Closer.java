package io.omninode.bridge.app;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;

/**
 * Resources started in order and stopped in reverse order; a failure to stop one is logged
 * (one line, no stack trace) and does not keep the others running.
 */
public final class Closer implements AutoCloseable {

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final Logger log;
    private final String owner;

    /** @param owner named in the log line of a failed stop, e.g. {@code bridge node} */
    public Closer(Logger log, String owner) {
        this.log = log;
        this.owner = owner;
    }

    /** Registers {@code resource} to be closed before everything registered earlier. */
    public <T extends AutoCloseable> T push(T resource) {
        resources.push(resource);
        return resource;
    }

    public boolean isEmpty() {
        return resources.isEmpty();
    }

    /** Closes everything, most recent first. Idempotent; never throws. */
    @Override
    public void close() {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                log.warn("stopping {}: {}", owner, e.toString());
            }
        }
    }
}
