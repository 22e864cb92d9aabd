package io.omninode.bridge.consul;

import com.ecwid.consul.ConsulException;
import com.ecwid.consul.v1.QueryParams;
import com.ecwid.consul.v1.Response;
import com.ecwid.consul.v1.kv.model.GetValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One KV prefix watched with Consul blocking queries, following Consul's rules: the first query
 * (index 0) answers at once; later ones pass the last {@code X-Consul-Index} and are held until
 * it changes or the wait passes; an index that goes backwards resets to 0, one that is not
 * positive becomes 1; queries that saw no index change are at least the minimum interval apart;
 * errors back off. Every answer is reconciled in full against {@code bridge.config}.
 */
final class KvPrefixWatch implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(KvPrefixWatch.class);

    /** Applies one snapshot of the prefix: (consul key → mapping and parsed value), plus the keys present but malformed. */
    interface Reconciler {
        void reconcile(String prefix, Map<String, Desired> desired, Set<String> malformedConfigKeys);
    }

    record Desired(String consulKey, KvLayout.Mapping mapping, JsonNode value) {
    }

    private final String prefix;
    private final ConsulConnection consul;
    private final ConsulSettings settings;
    private final BooleanSupplier leader;
    private final Reconciler reconciler;
    private final CountDownLatch stop;
    private final Backoff backoff;
    /** (consul key, modify index) already reported as malformed: one WARN per bad value. */
    private final Set<String> reported = new HashSet<>();
    private long index;
    private boolean down;

    KvPrefixWatch(String prefix, ConsulConnection consul, ConsulSettings settings, BooleanSupplier leader,
                  Reconciler reconciler, CountDownLatch stop) {
        this.prefix = prefix;
        this.consul = consul;
        this.settings = settings;
        this.leader = leader;
        this.reconciler = reconciler;
        this.stop = stop;
        this.backoff = new Backoff(settings.maxBackoff());
    }

    @Override
    public void run() {
        while (stop.getCount() > 0) {
            if (!leader.getAsBoolean()) {
                index = 0; // a new leadership starts from a full read
                pause(settings.minQueryInterval().toMillis());
                continue;
            }
            long started = System.nanoTime();
            long previous = index;
            try {
                Response<List<GetValue>> response = consul.client().getKVValues(prefix, consul.token(),
                        new QueryParams(settings.kvWait().toSeconds(), index));
                recovered();
                index = nextIndex(previous, response.getConsulIndex());
                if (stop.getCount() == 0 || !leader.getAsBoolean()) {
                    continue;
                }
                reconcile(response.getValue() == null ? List.of() : response.getValue());
            } catch (ConsulException e) {
                if (stop.getCount() == 0) {
                    return; // closing: the connection was closed under the held query
                }
                failed("Consul at " + settings.url() + " is unavailable for KV " + prefix + " ("
                        + ConsulConnection.describe(e) + "); retrying");
                continue;
            } catch (RuntimeException e) {
                index = 0; // not applied: read everything again after the pause
                failed("applying Consul KV " + prefix + " failed (" + e.getMessage() + "); retrying");
                continue;
            }
            if (index == previous) {
                long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                pause(settings.minQueryInterval().toMillis() - elapsed);
            }
        }
    }

    /** Consul's index rules: backwards → 0 (full read), not positive → 1 (never a non-blocking loop). */
    static long nextIndex(long previous, Long returned) {
        long next = returned == null ? 0 : returned;
        if (next < previous) {
            return 0;
        }
        return next <= 0 ? 1 : next;
    }

    private void reconcile(List<GetValue> values) {
        Map<String, Desired> desired = new HashMap<>();
        Set<String> malformed = new HashSet<>();
        for (GetValue value : values) {
            KvLayout.Mapping mapping = KvLayout.map(value.getKey());
            if (mapping == null) {
                continue;
            }
            KvLayout.Parsed parsed = parse(mapping, value.getValue());
            if (parsed.malformed()) {
                malformed.add(mapping.configKey());
                if (reported.add(value.getKey() + "@" + value.getModifyIndex())) {
                    LOG.warn("ignoring Consul key {} (modify index {}): {}", value.getKey(), value.getModifyIndex(),
                            parsed.problem());
                }
            } else {
                desired.put(mapping.configKey(), new Desired(value.getKey(), mapping, parsed.value()));
            }
        }
        reconciler.reconcile(prefix, desired, malformed);
    }

    private static KvLayout.Parsed parse(KvLayout.Mapping mapping, String base64) {
        try {
            return KvLayout.parse(mapping, base64 == null ? new byte[0] : Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            return new KvLayout.Parsed(null, "value is not base64 as Consul sends it");
        }
    }

    private void recovered() {
        if (down) {
            LOG.info("Consul KV {} is reachable again", prefix);
            down = false;
        }
        backoff.reset();
    }

    private void failed(String message) {
        if (!down) {
            LOG.warn(message);
            down = true;
        }
        pause(backoff.nextMillis());
    }

    private void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            stop.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.countDown();
        }
    }
}
