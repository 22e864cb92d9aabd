package io.omninode.bridge.app.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A reader of {@code GET /events/stream}: parses the server-sent events on a thread of its own. */
public final class SseClient implements AutoCloseable {

    /** One event as the wire had it. */
    public record Event(String id, String name, String data) {
    }

    private static final Event END = new Event(null, "(end of stream)", "");

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread reader;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-test-reader");
        this.reader.setDaemon(true);
        if (response.statusCode() == 200) {
            reader.start();
        }
    }

    /** Opens the stream at {@code pathAndQuery} with {@code headers}; any status is returned, see {@link #status()}. */
    public static SseClient open(int port, String pathAndQuery, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .header("Accept", "text/event-stream");
        headers.forEach(request::header);
        try {
            return new SseClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot open " + pathAndQuery, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    /** The body of a refused stream (its error envelope). */
    public String errorBody() throws IOException {
        try (InputStream in = response.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String name = "message";
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(id, name, data.toString()));
                    }
                    id = null;
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(6));
                }
            }
        } catch (IOException e) {
            // closed
        } finally {
            events.add(END);
        }
    }

    /** The next event, or an AssertionError after {@code timeout}. */
    public Event next(Duration timeout) throws InterruptedException {
        Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("no event within " + timeout);
        }
        return event;
    }

    /** Events until one matches {@code until} (included), or an AssertionError listing them after {@code timeout}. */
    public List<Event> until(Predicate<Event> until, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Event> seen = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            Event event = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (event == null) {
                throw new AssertionError("no matching event within " + timeout + "; got " + seen);
            }
            seen.add(event);
            if (until.test(event)) {
                return seen;
            }
            if (event == END) {
                throw new AssertionError("the stream ended first; got " + seen);
            }
        }
    }

    /** Whatever arrived within {@code quiet} of silence. */
    public List<Event> drain(Duration quiet) throws InterruptedException {
        List<Event> out = new ArrayList<>();
        Event event;
        while ((event = events.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
            out.add(event);
        }
        return out;
    }

    public static boolean isEnd(Event event) {
        return event == END;
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // already closed
        }
        reader.interrupt();
    }
}
