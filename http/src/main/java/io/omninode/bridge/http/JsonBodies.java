package io.omninode.bridge.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.javalin.http.Context;
import io.omninode.bridge.http.ApiException;
import io.omninode.bridge.schemas.Json;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads request bodies as JSON within the configured limits: content type (415), size (413,
 * checked on {@code Content-Length} before reading and again while reading chunked bodies),
 * syntax and nesting depth (400).
 */
public final class JsonBodies {

    private static final ObjectReader READER = Json.MAPPER.reader();

    /** How much of a refused body is read (and dropped) so that the client gets its 413. */
    static final long DRAIN_LIMIT = 16L << 20;

    private final long maxBodyBytes;

    public JsonBodies(long maxBodyBytes) {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("max body bytes must be positive");
        }
        this.maxBodyBytes = maxBodyBytes;
    }

    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * The parsed body; never null. It is parsed as it arrives, through Jackson's recycled buffers:
     * reading it into one array first cost a copy of every body, and a large one (a batch of a
     * thousand hooks, about 1 MB) was a humongous allocation, which G1 places in the old generation.
     */
    public JsonNode read(Context ctx) {
        requireJsonContentType(ctx.contentType());
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBodyBytes) {
            drain(ctx);
            throw tooLarge();
        }
        try {
            JsonNode node = READER.readTree(new LimitedInput(ctx.req().getInputStream(), maxBodyBytes));
            if (node == null || node.isMissingNode()) {
                throw ApiException.malformedJson("request body is empty; a JSON document is required");
            }
            return node;
        } catch (LimitExceeded e) {
            drain(ctx);
            throw tooLarge();
        } catch (StreamConstraintsException e) {
            throw ApiException.badRequest("$", "JSON nesting is deeper than " + Json.MAX_NESTING_DEPTH + " levels");
        } catch (JsonParseException e) {
            throw ApiException.malformedJson("malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (MismatchedInputException e) {
            throw ApiException.malformedJson("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.malformedJson("cannot read request body: " + e.getMessage());
        }
    }

    /**
     * The request body, failing with {@link LimitExceeded} once more than {@code limit} bytes were
     * read. Closing it leaves the request's stream open: the parser closes its source when it is done
     * or fails, and a refused body is still drained after that.
     */
    private static final class LimitedInput extends FilterInputStream {

        private final long limit;
        private long read;

        LimitedInput(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            // ask for at most one byte past the limit, so that a body of exactly the limit reads to its end
            long room = limit - read;
            int n = super.read(b, off, room < len ? (int) room + 1 : len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long room = limit - read;
            long skipped = super.skip(room < n ? room + 1 : n);
            count(skipped);
            return skipped;
        }

        @Override
        public void close() {
            // the container owns the request's stream
        }

        private void count(long n) throws LimitExceeded {
            read += n;
            if (read > limit) {
                throw new LimitExceeded();
            }
        }
    }

    /** The body is larger than the limit (chunked, or longer than it said). */
    private static final class LimitExceeded extends IOException {
        LimitExceeded() {
            super("request body exceeds the limit");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // expected, and caught at once
        }
    }

    /**
     * Reads and drops what is left of a refused body, up to {@link #DRAIN_LIMIT}, so that a client
     * still sending it reads the 413: left unread, the server closes the connection under the
     * client, which then sees a reset instead of the answer. A larger body is cut off.
     */
    private static void drain(Context ctx) {
        try {
            InputStream in = ctx.req().getInputStream();
            byte[] skip = new byte[64 * 1024];
            long left = DRAIN_LIMIT;
            int n;
            while (left > 0 && (n = in.read(skip, 0, (int) Math.min(skip.length, left))) >= 0) {
                left -= n;
            }
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    private ApiException tooLarge() {
        return ApiException.tooLarge("request body exceeds the limit of " + maxBodyBytes + " bytes");
    }

    static void requireJsonContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw ApiException.unsupportedMediaType("Content-Type must be application/json");
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            throw ApiException.unsupportedMediaType("Content-Type must be application/json, not " + mediaType);
        }
    }
}
