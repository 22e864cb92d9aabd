package io.omninode.bridge.app.consul;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConfigKeysTest {

    @Test
    void shouldMapBridgeKeysToDottedConfigKeys() {
        ConfigKeys.Mapping m = ConfigKeys.map("omninode-bridge/bridge/detector/error_burst/min_runs");
        assertThat(m).isEqualTo(new ConfigKeys.Mapping("detector.error_burst.min_runs", "omninode-bridge", true));
    }

    @Test
    void shouldMapServiceKeysUnderServicesAndTheirService() {
        ConfigKeys.Mapping m = ConfigKeys.map("omninode-bridge/services/omniagent/database/max_connections");
        assertThat(m).isEqualTo(new ConfigKeys.Mapping("services.omniagent.database.max_connections", "omniagent",
                false));
    }

    @Test
    void shouldIgnoreFoldersAndKeysThatNameNoSetting() {
        assertThat(ConfigKeys.map("omninode-bridge/bridge/detector/")).isNull();
        assertThat(ConfigKeys.map("omninode-bridge/services/omniagent")).isNull();
        assertThat(ConfigKeys.map("omninode-bridge/bridge/a//b")).isNull();
        assertThat(ConfigKeys.map("elsewhere/x")).isNull();
    }

    @Test
    void shouldRequireJsonForBridgeKeysButKeepServiceTextAsString() {
        ConfigKeys.Mapping bridge = ConfigKeys.map("omninode-bridge/bridge/x");
        ConfigKeys.Mapping service = ConfigKeys.map("omninode-bridge/services/s/x");
        assertThat(ConfigKeys.parse(bridge, bytes("0.25")).value().doubleValue()).isEqualTo(0.25);
        assertThat(ConfigKeys.parse(bridge, bytes("\"fast\"")).value().asText()).isEqualTo("fast");
        assertThat(ConfigKeys.parse(bridge, bytes("fast")).malformed()).isTrue();
        assertThat(ConfigKeys.parse(bridge, bytes("")).malformed()).isTrue();
        assertThat(ConfigKeys.parse(service, bytes("True")).value().asText()).isEqualTo("True");
        assertThat(ConfigKeys.parse(service, bytes("{\"a\": 1}")).value().path("a").asInt()).isEqualTo(1);
    }

    @Test
    void shouldRejectInvalidUtf8UnderBothPrefixes() {
        byte[] invalid = {(byte) 0xC3, (byte) 0x28};
        assertThat(ConfigKeys.parse(ConfigKeys.map("omninode-bridge/services/s/x"), invalid).problem())
                .contains("UTF-8");
        assertThat(ConfigKeys.parse(ConfigKeys.map("omninode-bridge/bridge/x"), invalid).malformed()).isTrue();
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
