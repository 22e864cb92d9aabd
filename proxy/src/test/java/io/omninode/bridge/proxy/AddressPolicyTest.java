package io.omninode.bridge.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {

    @Test
    void shouldRefuseLinkLocalAndMetadataAddressesButAllowLoopbackAndPrivate() {
        AddressPolicy policy = new AddressPolicy(List.of());

        assertThat(policy.refusal("169.254.169.254")).contains("169.254.0.0/16");
        assertThat(policy.refusal("100.100.100.200")).isNotNull();
        assertThat(policy.refusal("fe80::1")).isNotNull();
        assertThat(policy.refusal("0.0.0.0")).isNotNull();
        assertThat(policy.refusal("127.0.0.1")).isNull();
        assertThat(policy.refusal("10.1.2.3")).isNull();
    }

    @Test
    void shouldRefuseConfiguredRangesAndRejectBadOnes() {
        AddressPolicy policy = new AddressPolicy(List.of("10.0.0.0/8", "192.168.1.0/24"));

        assertThat(policy.refusal("10.1.2.3")).contains("10.0.0.0/8");
        assertThat(policy.refusal("192.168.1.77")).isNotNull();
        assertThat(policy.refusal("192.168.2.1")).isNull();
        assertThatThrownBy(() -> new AddressPolicy(List.of("10.0.0.0/33"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AddressPolicy(List.of("example.com/8"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseTheBridgesOwnListenersAtAnyLocalAddressWhateverTheRegistrationSays() throws Exception {
        AddressPolicy policy = new AddressPolicy(List.of(), List.of(
                new AddressPolicy.Listener("the bridge's HTTP API", "0.0.0.0", 8000),
                new AddressPolicy.Listener("Kafka", "127.0.0.1", 9092),
                new AddressPolicy.Listener("the Consul agent", "127.0.0.2", 8500)));

        assertThat(policy.refusal("127.0.0.1", 8000)).isEqualTo("127.0.0.1:8000 is the bridge's HTTP API");
        assertThat(policy.refusal("localhost", 8000)).isNotNull();
        assertThat(policy.refusal(java.net.InetAddress.getLocalHost().getHostAddress(), 8000))
                .as("an address of this machine's interfaces").isNotNull();
        assertThat(policy.refusal("127.0.0.1", 9092)).contains("Kafka");
        assertThat(policy.refusal("127.0.0.2", 8500)).contains("Consul");
        assertThat(policy.refusal("127.0.0.1", 8001)).as("another port: a service").isNull();
        assertThat(policy.refusal("10.1.2.3", 8000)).as("another machine's port 8000").isNull();
        assertThat(policy.refusal("169.254.169.254", 80)).contains("169.254.0.0/16");
    }
}
