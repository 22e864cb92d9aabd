package io.omninode.bridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class StoreMetricTagsTest {

    @Test
    void shouldExposeTheSameStoreMetricOfAKeyValueAndAWindowStore() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new StoreMetricTags());

        Gauge.builder("kafka.stream.state.record.e2e.latency.max", () -> 1.0)
                .tags(Tags.of("rocksdb.state.id", "service-registry", "task.id", "0_1")).register(registry);
        Gauge.builder("kafka.stream.state.record.e2e.latency.max", () -> 2.0)
                .tags(Tags.of("rocksdb.window.state.id", "tool-performance", "task.id", "2_5")).register(registry);
        Gauge.builder("kafka.stream.thread.poll.rate", () -> 3.0).tags(Tags.of("thread.id", "t")).register(registry);

        String scrape = registry.scrape();
        assertThat(scrape).contains("state_id=\"service-registry\"", "store_type=\"rocksdb\"")
                .contains("state_id=\"tool-performance\"", "store_type=\"rocksdb.window\"")
                .contains("kafka_stream_thread_poll_rate{thread_id=\"t\"}");
    }
}
