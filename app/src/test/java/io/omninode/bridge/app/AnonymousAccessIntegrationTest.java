package io.omninode.bridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.app.support.BridgeFixture;
import io.omninode.bridge.app.support.BridgeHttp;
import io.omninode.bridge.app.support.BridgeHttp.Reply;
import io.omninode.bridge.ingest.IngestConfig;
import io.omninode.bridge.schemas.SeedSamples;
import org.junit.jupiter.api.Test;

/**
 * The seed's clients send no token on registrations, tool registrations, execution hooks and proxy
 * health calls. Sent exactly so (no auth header at all), they are the auth file's {@code anonymous}
 * entry from inside its networks (DESIGN.md §7), and get 401 from outside them or without the entry.
 */
class AnonymousAccessIntegrationTest {

    static final String TRUSTED_LOOPBACK = """
            {"principal": "trusted-lan", "role": "service", "services": ["omniagent"],
             "networks": ["127.0.0.0/8", "::1/128"]}""";
    static final String OTHER_NETWORK = """
            {"principal": "trusted-lan", "role": "service", "services": ["omniagent"], "networks": ["10.0.0.0/8"]}""";

    @Test
    void shouldAcceptTheSeedsRequestsWithoutATokenFromInsideTheNetworks() {
        try (BridgeFixture bridge = BridgeFixture.startWithAnonymous(TRUSTED_LOOPBACK)) {
            BridgeHttp seed = bridge.http();

            // BridgeServiceRegistration, ToolRegistrationClient, ToolExecutionHookSender, proxy health
            assertOk(seed.post("/registry/services", SeedSamples.load(SeedSamples.REGISTRATION)));
            assertOk(seed.post("/registry/tools", SeedSamples.load(SeedSamples.TOOL_CODE_GENERATOR)));
            assertOk(seed.post("/hooks/tool/execution", SeedSamples.load(SeedSamples.TOOL_EXECUTION)));
            assertOk(seed.get("/proxy/health/omniagent"));

            // a service the entry does not list: 403, not 401
            ObjectNode other = SeedSamples.load(SeedSamples.REGISTRATION);
            other.put("service_name", "omnimemory");
            Reply refused = seed.post("/registry/services", other);
            assertThat(refused.status()).as(refused.text()).isEqualTo(403);

            // what the anonymous role may not do (cache clear is admin-only)
            assertThat(seed.delete("/cache/clear").status()).isEqualTo(403);
            // an unknown token is not anonymous
            assertThat(seed.withToken("not-a-known-token-000").post("/registry/services",
                    SeedSamples.load(SeedSamples.REGISTRATION)).status()).isEqualTo(401);
        }
    }

    @Test
    void shouldRefuseRequestsWithoutATokenFromOutsideTheNetworksOrWithoutTheEntry() {
        try (BridgeFixture bridge = BridgeFixture.startWithAnonymous(OTHER_NETWORK)) {
            Reply outside = bridge.http().post("/registry/services", SeedSamples.load(SeedSamples.REGISTRATION));
            assertThat(outside.status()).isEqualTo(401);
            assertThat(outside.text()).contains("accepted only from [10.0.0.0/8]");
            assertThat(bridge.http().get("/proxy/health/omniagent").status()).isEqualTo(401);
        }
        try (BridgeFixture bridge = BridgeFixture.start(IngestConfig.defaults("test"))) {
            Reply none = bridge.http().post("/hooks/tool/execution", SeedSamples.load(SeedSamples.TOOL_EXECUTION));
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.text()).contains("missing token").doesNotContain("accepted only from");
        }
    }

    private static void assertOk(Reply reply) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    }
}
