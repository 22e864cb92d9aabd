package io.omninode.bridge.consul;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KvLayoutTest {

    @Test
    void shouldMapBridgeKeysToDottedConfigKeys() {
        KvLayout.Mapping m = KvLayout.map("omninode-bridge/bridge/detector/error_burst/min_runs");
        assertThat(m).isEqualTo(new KvLayout.Mapping("detector.error_burst.min_runs", "omninode-bridge", true));
    }

    @Test
    void shouldMapServiceKeysUnderServicesAndTheirService() {
        KvLayout.Mapping m = KvLayout.map("omninode-bridge/services/omniagent/database/max_connections");
        assertThat(m).isEqualTo(new KvLayout.Mapping("services.omniagent.database.max_connections", "omniagent",
                false));
    }

    @Test
    void shouldIgnoreFoldersAndKeysThatNameNoSetting() {
        assertThat(KvLayout.map("omninode-bridge/bridge/detector/")).isNull();
        assertThat(KvLayout.map("omninode-bridge/services/omniagent")).isNull();
        assertThat(KvLayout.map("omninode-bridge/bridge/a//b")).isNull();
        assertThat(KvLayout.map("elsewhere/x")).isNull();
    }

    @Test
    void shouldRequireJsonTheCatalogAcceptsForBridgeKeysButKeepServiceTextAsString() {
        KvLayout.Mapping bridge = KvLayout.map("omninode-bridge/bridge/detector/error_burst/window_rate");
        KvLayout.Mapping service = KvLayout.map("omninode-bridge/services/s/x");
        assertThat(KvLayout.parse(bridge, bytes("0.25")).value().doubleValue()).isEqualTo(0.25);
        assertThat(KvLayout.parse(bridge, bytes("\"fast\"")).problem())
                .isEqualTo("detector.error_burst.window_rate must be a number from 0 to 1, got \"fast\"");
        assertThat(KvLayout.parse(bridge, bytes("1.5")).malformed()).as("out of bounds").isTrue();
        assertThat(KvLayout.parse(bridge, bytes("fast")).malformed()).isTrue();
        assertThat(KvLayout.parse(bridge, bytes("")).malformed()).isTrue();
        assertThat(KvLayout.parse(KvLayout.map("omninode-bridge/bridge/detector/error_burst/min_run"), bytes("5"))
                .problem()).startsWith("unknown config key detector.error_burst.min_run");
        assertThat(KvLayout.parse(service, bytes("True")).value().asText()).isEqualTo("True");
        assertThat(KvLayout.parse(service, bytes("{\"a\": 1}")).value().path("a").asInt()).isEqualTo(1);
    }

    @Test
    void shouldRejectInvalidUtf8UnderBothPrefixes() {
        byte[] invalid = {(byte) 0xC3, (byte) 0x28};
        assertThat(KvLayout.parse(KvLayout.map("omninode-bridge/services/s/x"), invalid).problem())
                .contains("UTF-8");
        assertThat(KvLayout.parse(KvLayout.map("omninode-bridge/bridge/x"), invalid).malformed()).isTrue();
    }

    @Test
    void shouldFollowConsulsIndexRules() {
        assertThat(KvPrefixWatch.nextIndex(0, 42L)).isEqualTo(42);
        assertThat(KvPrefixWatch.nextIndex(42, 42L)).isEqualTo(42);
        assertThat(KvPrefixWatch.nextIndex(42, 7L)).as("backwards: reset").isZero();
        assertThat(KvPrefixWatch.nextIndex(0, 0L)).as("never 0 after a read: that would not block").isEqualTo(1);
        assertThat(KvPrefixWatch.nextIndex(0, null)).isEqualTo(1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
