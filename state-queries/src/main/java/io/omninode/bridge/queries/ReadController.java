package io.omninode.bridge.queries;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.omninode.bridge.http.ApiException;
import io.omninode.bridge.http.ApiResponses;
import io.omninode.bridge.http.RequestIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The read routes of DESIGN.md §5. Handlers only do HTTP: parse parameters, ask
 * {@link ReadService}, and write the envelope — or relay the owner's reply when the data lives
 * on another instance. Forwarded requests must carry the cluster secret and are answered locally.
 */
public final class ReadController {

    private static final String READING = "bridge.reading";

    private final ReadService reads;
    private final ApiResponses responses;
    private final Consumer<Context> authenticateReader;
    private final ClusterConfig cluster;

    /**
     * @param authenticateReader throws the 401/403 for callers who may not read; skipped for
     *                           forwarded requests, which authenticate with the cluster secret
     */
    public ReadController(ReadService reads, ApiResponses responses, Consumer<Context> authenticateReader,
                          ClusterConfig cluster) {
        this.reads = reads;
        this.responses = responses;
        this.authenticateReader = authenticateReader;
        this.cluster = cluster;
    }

    public void register(RoutesConfig config) {
        config.get("/registry/services", ctx -> relayOr(ctx, reads.services(request(ctx),
                new ReadService.ServiceFilter(ctx.queryParam("service_name"), bool(ctx, "healthy_only"),
                        ctx.queryParam("capability")), page(ctx))));
        config.get("/registry/services/{service_name}/health", ctx -> relayOr(ctx,
                reads.serviceHealth(request(ctx), ctx.pathParam("service_name"))));
        config.get("/registry/tools", ctx -> {
            authenticated(ctx);
            answer(ctx, reads.tools(ctx.queryParam("category"), ctx.queryParam("service"), page(ctx)));
        });
        config.get("/registry/tools/{tool_id}", ctx -> {
            authenticated(ctx);
            answer(ctx, reads.tool(ctx.pathParam("tool_id")));
        });
        config.get("/intelligence/health/transitions", ctx -> relayOr(ctx, reads.transitions(request(ctx),
                ctx.queryParam("service"), page(ctx))));
        config.get("/intelligence/patterns", ctx -> relayOr(ctx, reads.patterns(request(ctx),
                ctx.queryParam("pattern_type"), ctx.queryParam("service"), ctx.queryParam("status"),
                instant(ctx, "since", null), page(ctx))));
        config.get("/intelligence/patterns/{pattern_id}", ctx -> relayOr(ctx,
                reads.pattern(request(ctx), ctx.pathParam("pattern_id"))));
        config.get("/intelligence/performance/tools/{tool}", ctx -> {
            Instant to = instant(ctx, "to", Instant.now());
            Instant from = instant(ctx, "from", to.minus(Duration.ofHours(1)));
            if (from.isAfter(to)) {
                throw ApiException.badRequest("$.from", "from must not be after to");
            }
            relayOr(ctx, reads.performance(request(ctx), ctx.pathParam("tool"), from, to));
        });
    }

    /** Authenticates the caller and describes the request for routing. */
    private RoutedQueries.Request request(Context ctx) {
        boolean forwarded = authenticated(ctx);
        String query = ctx.queryString();
        Reading reading = new Reading(bool(ctx, "fresh"));
        ctx.attribute(READING, reading);
        return new RoutedQueries.Request(forwarded, ctx.path() + (query == null ? "" : "?" + query),
                RequestIds.requestId(ctx), forwarded ? partitions(ctx) : null, reading);
    }

    /** The partitions a forwarded list request names ({@link RoutedQueries#PARTITIONS_HEADER}), or null. */
    private static Set<Integer> partitions(Context ctx) {
        String header = ctx.header(RoutedQueries.PARTITIONS_HEADER);
        if (header == null) {
            return null;
        }
        Set<Integer> partitions = new TreeSet<>();
        try {
            for (String part : header.split(",")) {
                int partition = Integer.parseInt(part.trim());
                if (partition < 0) {
                    throw new NumberFormatException(part);
                }
                partitions.add(partition);
            }
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("$.headers." + RoutedQueries.PARTITIONS_HEADER,
                    RoutedQueries.PARTITIONS_HEADER + " must list partition numbers: 0,3,5");
        }
        return partitions;
    }

    /** True for a forwarded request with the right cluster secret; otherwise authenticates the caller. */
    private boolean authenticated(Context ctx) {
        if (ctx.header(Forwarder.HOP_HEADER) == null) {
            authenticateReader.accept(ctx);
            return false;
        }
        String secret = ctx.header(Forwarder.SECRET_HEADER);
        if (secret == null || !MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
                cluster.clusterSecret().getBytes(StandardCharsets.UTF_8))) {
            throw ApiException.forbidden("forwarded query without a valid cluster secret");
        }
        return true;
    }

    private void relayOr(Context ctx, RoutedQueries.Answer<JsonNode> answer) {
        if (answer instanceof RoutedQueries.Answer.Relayed<JsonNode> relayed) {
            ApiResponses.relay(ctx, relayed.reply().status(), relayed.reply().body());
        } else {
            answer(ctx, ((RoutedQueries.Answer.Here<JsonNode>) answer).value());
        }
    }

    /** The envelope with {@code served_by} and what the read saw ({@code stale}, and {@code lag} when stale). */
    private void answer(Context ctx, JsonNode data) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("served_by", cluster.instanceId());
        Reading reading = ctx.attribute(READING);
        metadata.putAll(reading == null ? Map.of("stale", false) : reading.metadata());
        responses.ok(ctx, data, metadata);
    }

    private static Page page(Context ctx) {
        return Page.of(ctx.queryParam("limit"), ctx.queryParam("cursor"));
    }

    /** An ISO-8601 instant or epoch milliseconds; 400 for anything else. */
    private static Instant instant(Context ctx, String name, Instant fallback) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return value.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(value))
                    : Instant.parse(value);
        } catch (RuntimeException e) {
            throw ApiException.badRequest("$." + name, name + " must be an ISO-8601 instant (2026-11-26T10:00:00Z)"
                    + " or epoch milliseconds");
        }
    }

    private static boolean bool(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ApiException.badRequest("$." + name, name + " must be true or false");
        };
    }
}
