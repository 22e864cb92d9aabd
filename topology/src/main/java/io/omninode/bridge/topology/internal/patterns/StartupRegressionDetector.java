package io.omninode.bridge.topology.internal.patterns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.ConfigKeys;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.PatternTypes;
import io.omninode.bridge.topology.internal.Fields;
import io.omninode.bridge.topology.patterns.ConfidenceComponents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * {@code startup_regression}, per service, from {@code service.lifecycle.started} hooks (keyed by
 * service, no repartition). Versions are ordered by first start; the newest is compared with the
 * one before it: fires when both have ≥ {@code min_starts} (m) starts and the new mean startup
 * time ≥ {@code factor} (f) × the previous mean. Re-evaluated on every start, so a faster new
 * version (or a newer one) resolves it. With ratio q, n_new and n_prev starts: severity = min(1, q
 * / 2f), support = min(1, n_prev / 2m), persistence = min(1, n_new / 2m).
 */
final class StartupRegressionDetector extends Detector<Envelope> {

    static final String STORE = "pattern-startup-state";
    static final int MAX_VERSIONS = 5;

    private KeyValueStore<String, Versions> services;

    /** Startup statistics per version, oldest first. */
    record Versions(List<VersionStats> versions, Reported reported) {
    }

    record VersionStats(String version, long starts, double sumMs, Instant firstSeen) {
        double mean() {
            return starts == 0 ? 0 : sumMs / starts;
        }
    }

    @Override
    protected void open() {
        services = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, Envelope> record) {
        Envelope event = record.value();
        if (event == null || !EventTypes.SERVICE_STARTED.equals(event.eventType())) {
            return;
        }
        JsonNode info = event.payload().path("service_info");
        String service = Fields.text(info, "name");
        Double startup = Fields.number(event.payload().path("startup_metrics"), "startup_time_ms");
        if (service == null || startup == null) {
            return;
        }
        String version = Fields.text(info, "version");
        version = version == null ? "unknown" : version;
        Versions state = services.get(service);
        List<VersionStats> versions = new ArrayList<>(state == null ? List.of() : state.versions());
        int index = -1;
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i).version().equals(version)) {
                index = i;
            }
        }
        Instant at = Instant.ofEpochMilli(record.timestamp());
        if (index < 0) {
            versions.add(new VersionStats(version, 1, startup, at));
            if (versions.size() > MAX_VERSIONS) {
                versions.remove(0);
            }
        } else {
            VersionStats v = versions.get(index);
            versions.set(index, new VersionStats(version, v.starts() + 1, v.sumMs() + startup, v.firstSeen()));
        }
        Reported reported = state == null ? Reported.NONE : state.reported();
        if (versions.size() >= 2) {
            reported = report(reported, observe(service, versions.get(versions.size() - 2),
                    versions.get(versions.size() - 1), at), record.timestamp());
        }
        services.put(service, new Versions(versions, reported));
    }

    private PatternObservation observe(String service, VersionStats previous, VersionStats current, Instant at) {
        long m = Math.max(1, config.integer(ConfigKeys.STARTUP_REGRESSION_MIN_STARTS));
        double f = config.decimal(ConfigKeys.STARTUP_REGRESSION_FACTOR);
        double ratio = previous.mean() > 0 ? current.mean() / previous.mean() : 0;
        boolean active = previous.starts() >= m && current.starts() >= m && ratio >= f;
        ConfidenceComponents components = new ConfidenceComponents(ratio / (2 * f), previous.starts() / (2.0 * m),
                current.starts() / (2.0 * m));
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("service_name", service);
        data.put("previous_version", previous.version());
        data.put("previous_mean_startup_ms", Math.round(previous.mean() * 1000) / 1000.0);
        data.put("previous_starts", previous.starts());
        data.put("new_version", current.version());
        data.put("new_mean_startup_ms", Math.round(current.mean() * 1000) / 1000.0);
        data.put("new_starts", current.starts());
        data.put("regression_factor", Math.round(ratio * 1000) / 1000.0);
        return PatternObservation.of(PatternTypes.STARTUP_REGRESSION, service, active, components,
                "version_comparison", data, previous.firstSeen(), at, previous.starts() + current.starts(),
                List.of("hooks.service_lifecycle"),
                List.of(String.format(Locale.ROOT, "Profile the start-up of %s %s: it takes %.0f ms on average vs"
                                + " %.0f ms for %s", service, current.version(), current.mean(), previous.mean(),
                        previous.version())),
                List.of(String.format(Locale.ROOT, "%s %s starts %.1fx slower than %s (%d vs %d starts)", service,
                        current.version(), ratio, previous.version(), current.starts(), previous.starts())));
    }
}
