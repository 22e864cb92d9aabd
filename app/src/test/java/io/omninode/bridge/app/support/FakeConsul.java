package io.omninode.bridge.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.omninode.bridge.schemas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-process stand-in for a Consul agent's HTTP API — no Consul server can be installed where
 * the tests run. It implements the endpoints consul-api calls with Consul's documented semantics:
 * service registration with a TTL check ({@code service:<id>}, critical unless {@code Status} is
 * given, critical when its TTL runs out, reaped after {@code DeregisterCriticalServiceAfter}),
 * check pass/warn/fail (404 for an unknown check), deregistration (404 for an unknown service),
 * agent services and checks, and KV with {@code recurse}, base64 values, 404 for a missing key,
 * {@code X-Consul-Index} and blocking queries ({@code ?index=&wait=}). {@link #goDown()} stops
 * listening; {@link #comeBack()} serves the same state on the same port again. Every request is
 * logged for assertions.
 */
public final class FakeConsul implements AutoCloseable {

    /** One request as the fake received it. */
    public record Request(String method, String path, String query, String body) {
        @Override
        public String toString() {
            return method + " " + path + (query == null || query.isEmpty() ? "" : "?" + query);
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");
    private static final Duration MAX_WAIT = Duration.ofMinutes(10);

    private final Object lock = new Object();
    private final Map<String, ObjectNode> services = new LinkedHashMap<>();
    private final Map<String, CheckState> checks = new LinkedHashMap<>();
    private final TreeMap<String, KvEntry> kv = new TreeMap<>();
    /** Index of the latest delete per key, so a prefix's index moves on deletions too. */
    private final Map<String, Long> kvTombstones = new HashMap<>();
    private final List<Request> requests = new ArrayList<>();
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "fake-consul-ttl");
        thread.setDaemon(true);
        return thread;
    });
    private long index = 1;
    private int port;
    private Javalin server;

    private FakeConsul() {
    }

    /** A fake agent listening on a free port of 127.0.0.1. */
    public static FakeConsul start() {
        FakeConsul consul = new FakeConsul();
        consul.port = FreePorts.one();
        consul.comeBack();
        consul.reaper.scheduleAtFixedRate(consul::expireChecks, 100, 100, TimeUnit.MILLISECONDS);
        return consul;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Stops listening: requests are refused until {@link #comeBack()}. State is kept; TTLs keep running. */
    public synchronized void goDown() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** Listens again on the same port with the same state. */
    public synchronized void comeBack() {
        if (server == null) {
            server = Javalin.create(cfg -> {
                cfg.startup.showJavalinBanner = false;
                cfg.startup.showOldJavalinVersionWarning = false;
                cfg.router.ignoreTrailingSlashes = false;
                // going down drops held blocking queries at once, as a crashed agent would
                cfg.jetty.modifyServer(jetty -> jetty.setStopTimeout(0));
                routes(cfg.routes);
            }).start("127.0.0.1", port);
        }
    }

    private void routes(RoutesConfig routes) {
        routes.before(ctx -> {
            synchronized (lock) {
                requests.add(new Request(ctx.method().name(), ctx.path(), ctx.queryString(), ctx.body()));
            }
        });
        routes.put("/v1/agent/service/register", this::register);
        routes.put("/v1/agent/service/deregister/{id}", this::deregister);
        routes.put("/v1/agent/check/pass/{id}", ctx -> updateCheck(ctx, "passing"));
        routes.put("/v1/agent/check/warn/{id}", ctx -> updateCheck(ctx, "warning"));
        routes.put("/v1/agent/check/fail/{id}", ctx -> updateCheck(ctx, "critical"));
        routes.get("/v1/agent/services", this::agentServices);
        routes.get("/v1/agent/checks", this::agentChecks);
        routes.get("/v1/kv/<key>", this::kvGet);
        routes.put("/v1/kv/<key>", this::kvPut);
        routes.delete("/v1/kv/<key>", this::kvDelete);
    }

    // ---- agent -------------------------------------------------------------------------------

    private void register(Context ctx) throws IOException {
        JsonNode body = Json.MAPPER.readTree(ctx.bodyAsBytes());
        String name = body.path("Name").asText("");
        if (name.isEmpty()) {
            ctx.status(400).result("Missing service name");
            return;
        }
        String id = body.path("ID").asText(name);
        ObjectNode service = Json.MAPPER.createObjectNode();
        service.put("ID", id);
        service.put("Service", name);
        service.set("Tags", body.path("Tags").isArray() ? body.get("Tags") : Json.MAPPER.createArrayNode());
        service.set("Meta", body.path("Meta").isObject() ? body.get("Meta") : Json.MAPPER.createObjectNode());
        service.put("Port", body.path("Port").asInt(0));
        service.put("Address", body.path("Address").asText(""));
        JsonNode check = body.path("Check");
        synchronized (lock) {
            services.put(id, service);
            checks.values().removeIf(c -> c.serviceId.equals(id));
            if (check.hasNonNull("TTL")) {
                CheckState state = new CheckState("service:" + id, id, name, millis(check.get("TTL").asText()),
                        check.hasNonNull("DeregisterCriticalServiceAfter")
                                ? millis(check.get("DeregisterCriticalServiceAfter").asText()) : -1);
                state.status = check.path("Status").asText("critical");
                state.deadline = now() + state.ttlMillis;
                state.criticalSince = state.status.equals("critical") ? now() : -1;
                checks.put(state.id, state);
            }
        }
        ctx.result("");
    }

    private void deregister(Context ctx) {
        String id = ctx.pathParam("id");
        synchronized (lock) {
            if (services.remove(id) == null) {
                ctx.status(404).result("Unknown service ID \"" + id + "\". Ensure that the service ID is passed, "
                        + "not the service name.");
                return;
            }
            checks.values().removeIf(c -> c.serviceId.equals(id));
        }
        ctx.result("");
    }

    private void updateCheck(Context ctx, String status) {
        String id = ctx.pathParam("id");
        synchronized (lock) {
            CheckState check = checks.get(id);
            if (check == null) {
                ctx.status(404).result("Unknown check ID \"" + id + "\". Ensure that the check ID is passed, "
                        + "not the check name.");
                return;
            }
            check.status = status;
            check.output = ctx.queryParam("note") == null ? "" : ctx.queryParam("note");
            check.deadline = now() + check.ttlMillis;
            check.criticalSince = status.equals("critical") ? now() : -1;
        }
        ctx.result("");
    }

    private void agentServices(Context ctx) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        synchronized (lock) {
            services.forEach(out::set);
        }
        json(ctx, out);
    }

    private void agentChecks(Context ctx) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        synchronized (lock) {
            checks.values().forEach(c -> out.set(c.id, c.toJson()));
        }
        json(ctx, out);
    }

    /** TTL runs out → critical; critical longer than DeregisterCriticalServiceAfter → the service is reaped. */
    private void expireChecks() {
        long now = now();
        synchronized (lock) {
            for (CheckState check : List.copyOf(checks.values())) {
                if (!check.status.equals("critical") && now > check.deadline) {
                    check.status = "critical";
                    check.output = "TTL expired";
                    check.criticalSince = now;
                }
                if (check.status.equals("critical") && check.deregisterAfterMillis >= 0 && check.criticalSince >= 0
                        && now - check.criticalSince > check.deregisterAfterMillis) {
                    services.remove(check.serviceId);
                    checks.remove(check.id);
                }
            }
        }
    }

    // ---- KV ------------------------------------------------------------------------------------

    private void kvGet(Context ctx) {
        String key = kvKey(ctx);
        boolean recurse = ctx.queryParam("recurse") != null;
        Predicate<String> matches = recurse ? k -> k.startsWith(key) : k -> k.equals(key);
        long wanted = ctx.queryParam("index") == null ? 0 : Long.parseLong(ctx.queryParam("index"));
        Duration wait = ctx.queryParam("wait") == null ? Duration.ofMinutes(5) : duration(ctx.queryParam("wait"));
        long deadline = System.nanoTime() + (wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait).toNanos();
        synchronized (lock) {
            while (wanted > 0 && kvIndex(matches) <= wanted) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                try {
                    lock.wait(left);
                } catch (InterruptedException goingDown) {
                    Thread.currentThread().interrupt();
                    ctx.status(503).result("agent stopping");
                    return;
                }
            }
            ctx.header("X-Consul-Index", Long.toString(kvIndex(matches)));
            ctx.header("X-Consul-Knownleader", "true");
            ctx.header("X-Consul-Lastcontact", "0");
            ArrayNode out = Json.MAPPER.createArrayNode();
            kv.forEach((k, entry) -> {
                if (matches.test(k)) {
                    out.add(entry.toJson(k));
                }
            });
            if (out.isEmpty()) {
                ctx.status(404).result("");
                return;
            }
            json(ctx, out);
        }
    }

    private void kvPut(Context ctx) {
        putKv(kvKey(ctx), ctx.bodyAsBytes());
        json(ctx, Json.MAPPER.getNodeFactory().booleanNode(true));
    }

    private void kvDelete(Context ctx) {
        String key = kvKey(ctx);
        boolean recurse = ctx.queryParam("recurse") != null;
        synchronized (lock) {
            long modify = ++index;
            List<String> gone = kv.keySet().stream().filter(k -> recurse ? k.startsWith(key) : k.equals(key)).toList();
            gone.forEach(k -> {
                kv.remove(k);
                kvTombstones.put(k, modify);
            });
            lock.notifyAll();
        }
        json(ctx, Json.MAPPER.getNodeFactory().booleanNode(true));
    }

    /** Consul's index for a KV read: the highest modify (or delete) index among the matched keys, else the store's. */
    private long kvIndex(Predicate<String> matches) {
        long max = 0;
        for (Map.Entry<String, KvEntry> e : kv.entrySet()) {
            if (matches.test(e.getKey())) {
                max = Math.max(max, e.getValue().modifyIndex);
            }
        }
        for (Map.Entry<String, Long> e : kvTombstones.entrySet()) {
            if (matches.test(e.getKey())) {
                max = Math.max(max, e.getValue());
            }
        }
        return max > 0 ? max : index;
    }

    /** Writes a raw KV value, as {@code consul kv put} would (for tests: values of any bytes). */
    public void putKv(String key, byte[] value) {
        synchronized (lock) {
            long modify = ++index;
            KvEntry old = kv.get(key);
            kv.put(key, new KvEntry(value, old == null ? modify : old.createIndex, modify));
            lock.notifyAll();
        }
    }

    /** Deletes a KV key, as {@code consul kv delete} would. */
    public void deleteKv(String key) {
        synchronized (lock) {
            long modify = ++index;
            if (kv.remove(key) != null) {
                kvTombstones.put(key, modify);
            }
            lock.notifyAll();
        }
    }

    // ---- for assertions ----------------------------------------------------------------------

    /** The registered services by id, as {@code GET /v1/agent/services} returns them. */
    public Map<String, JsonNode> services() {
        synchronized (lock) {
            return Map.copyOf(services);
        }
    }

    /** The status of a check ({@code passing}, {@code warning}, {@code critical}), or null when unknown. */
    public String checkStatus(String checkId) {
        synchronized (lock) {
            CheckState check = checks.get(checkId);
            return check == null ? null : check.status;
        }
    }

    /** Every request received so far, in order. */
    public List<Request> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    /** Requests whose path starts with {@code pathPrefix}. */
    public List<Request> requests(String pathPrefix) {
        return requests().stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
    }

    @Override
    public void close() {
        reaper.shutdownNow();
        goDown();
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static String kvKey(Context ctx) {
        return URLDecoder.decode(ctx.path().substring("/v1/kv/".length()), StandardCharsets.UTF_8);
    }

    private static void json(Context ctx, JsonNode body) {
        try {
            ctx.contentType("application/json").result(Json.MAPPER.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Consul's duration strings: {@code 10s}, {@code 500ms}, {@code 5m}, {@code 1h}. */
    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("bad duration " + text);
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    private static long millis(String duration) {
        return duration(duration).toMillis();
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private static final class CheckState {
        final String id;
        final String serviceId;
        final String serviceName;
        final long ttlMillis;
        final long deregisterAfterMillis;
        String status;
        String output = "";
        long deadline;
        long criticalSince;

        CheckState(String id, String serviceId, String serviceName, long ttlMillis, long deregisterAfterMillis) {
            this.id = id;
            this.serviceId = serviceId;
            this.serviceName = serviceName;
            this.ttlMillis = ttlMillis;
            this.deregisterAfterMillis = deregisterAfterMillis;
        }

        JsonNode toJson() {
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.put("Node", "fake-consul");
            node.put("CheckID", id);
            node.put("Name", "Service '" + serviceName + "' check");
            node.put("Status", status);
            node.put("Output", output);
            node.put("ServiceID", serviceId);
            node.put("ServiceName", serviceName);
            node.put("Type", "ttl");
            return node;
        }
    }

    private record KvEntry(byte[] value, long createIndex, long modifyIndex) {
        JsonNode toJson(String key) {
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.put("LockIndex", 0);
            node.put("Key", key);
            node.put("Flags", 0);
            if (value.length == 0) {
                node.putNull("Value");
            } else {
                node.put("Value", Base64.getEncoder().encodeToString(value));
            }
            node.put("CreateIndex", createIndex);
            node.put("ModifyIndex", modifyIndex);
            return node;
        }
    }
}
