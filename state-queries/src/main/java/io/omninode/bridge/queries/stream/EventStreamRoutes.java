package io.omninode.bridge.queries.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.omninode.bridge.http.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /events/stream}: server-sent events of the intelligence topics (and the hook topics
 * when asked), filtered by {@code topic}, {@code service} and {@code tool}. Every event's
 * {@code id} is the client's position in the topics; a client that reconnects with it as
 * {@code Last-Event-ID} (or {@code ?last_event_id=}) gets every event it missed, read from the
 * topics, then the live ones; without one, {@code ?backlog=N} first sends the latest N records of
 * each partition (at most 1 000). A client whose buffer fills up gets a {@code bridge.cut_off} event
 * naming the position to resume from, and the stream ends. Any token that may read may stream.
 *
 * <p>Events: {@code bridge.stream} first (the filter and the position the stream starts from),
 * then one event per record, named after its topic ({@code intelligence.health}) with the
 * envelope as its data; a comment every 15 s keeps idle connections open.
 */
public final class EventStreamRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(EventStreamRoutes.class);
    static final long KEEP_ALIVE_MS = 15_000;
    static final int MAX_BACKLOG = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong CLIENTS = new AtomicLong();
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

    private final EventStream stream;
    private final Consumer<Context> authenticateReader;

    public EventStreamRoutes(EventStream stream, Consumer<Context> authenticateReader) {
        this.stream = stream;
        this.authenticateReader = authenticateReader;
    }

    public void register(RoutesConfig config) {
        config.get("/events/stream", this::serve);
    }

    private void serve(Context ctx) throws InterruptedException {
        authenticateReader.accept(ctx);
        StreamFilter filter = stream.filter(ctx.queryParams("topic"), ctx.queryParam("service"), ctx.queryParam("tool"));
        String lastEventId = ctx.header("Last-Event-ID");
        if (lastEventId == null || lastEventId.isBlank()) {
            lastEventId = ctx.queryParam("last_event_id");
        }
        StreamPosition resume = lastEventId == null || lastEventId.isBlank() ? null : stream.position(lastEventId);
        int backlog = backlog(ctx.queryParam("backlog"));
        EventStream.Session session;
        try {
            session = stream.open(filter, resume, backlog);
        } catch (EventStream.TooManyClients e) {
            throw ApiException.unavailable(e.getMessage(), 5);
        } catch (IllegalStateException e) {
            throw ApiException.unavailable("the event stream cannot read Kafka: " + e.getMessage(), 5);
        }
        // while it streams, the request thread is named for thread dumps and per-thread CPU
        Thread thread = Thread.currentThread();
        String threadName = thread.getName();
        thread.setName("bridge-stream-client-" + CLIENTS.incrementAndGet());
        try (session) {
            HttpServletResponse res = ctx.res();
            res.setStatus(200);
            res.setContentType("text/event-stream;charset=utf-8");
            res.setHeader("Cache-Control", "no-cache");
            res.setHeader("X-Accel-Buffering", "no");
            OutputStream out = res.getOutputStream();
            write(out, "retry: 2000\n");
            event(out, session.position.encode(), "bridge.stream", hello(filter, resume != null));
            out.flush();
            if (session.hasGap()) {
                session.catchUp(event -> {
                    try {
                        event(out, session.position.encode(), event.topic(), event.json());
                    } catch (IOException e) {
                        throw new ClientGone(e);
                    }
                });
                out.flush();
            }
            List<StreamEvent> batch = new ArrayList<>();
            while (true) {
                batch.clear();
                StreamClient.End end = session.client.drainTo(batch, KEEP_ALIVE_MS);
                if (end == StreamClient.End.CUT_OFF) {
                    event(out, session.position.encode(), "bridge.cut_off", "{\"reason\":\"the client fell more than "
                            + "its buffer behind\",\"dropped_events\":" + session.client.droppedOnCutOff()
                            + ",\"resume\":\"reconnect with this event's id as Last-Event-ID\"}");
                    out.flush();
                    return;
                }
                if (end == StreamClient.End.CLOSED) {
                    return;
                }
                if (batch.isEmpty()) {
                    out.write(KEEP_ALIVE);
                } else {
                    for (StreamEvent e : batch) {
                        session.position.set(e.topic(), e.after());
                        event(out, session.position.encode(), e.topic(), e.json());
                    }
                }
                out.flush();
            }
        } catch (IOException | ClientGone e) {
            LOG.debug("event stream client {} left: {}", ctx.ip(), e.toString());
        } catch (IllegalStateException e) {
            LOG.info("event stream to {} ended: {}", ctx.ip(), e.getMessage());
        } finally {
            thread.setName(threadName);
        }
    }

    private static int backlog(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 0 && n <= MAX_BACKLOG) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.badRequest("$.backlog", "backlog must be an integer between 0 and " + MAX_BACKLOG);
    }

    private static String hello(StreamFilter filter, boolean resumed) {
        ObjectNode hello = JSON.createObjectNode();
        filter.topics().forEach(hello.putArray("topics")::add);
        hello.put("service", filter.service());
        hello.put("tool", filter.tool());
        hello.put("resumed", resumed);
        return hello.toString();
    }

    private static void event(OutputStream out, String id, String name, String data) throws IOException {
        write(out, "id: " + id + "\nevent: " + name + "\ndata: " + data + "\n\n");
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A write to a client that left, thrown out of the catch-up's callback. */
    private static final class ClientGone extends RuntimeException {
        ClientGone(IOException cause) {
            super(cause);
        }
    }
}
