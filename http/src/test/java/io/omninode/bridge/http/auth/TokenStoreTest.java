package io.omninode.bridge.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenStoreTest {

    @TempDir
    Path dir;

    @Test
    void shouldResolveEachTokenToItsPrincipal() throws IOException {
        TokenStore store = TokenStore.load(write("""
                {"tokens": [
                  {"token": "omniagent-secret-token-1", "principal": "omniagent", "role": "service", "services": ["omniagent"]},
                  {"token": "operator-secret-token-22", "principal": "ops", "role": "admin"},
                  {"token": "dashboard-secret-token-3", "principal": "dash", "role": "reader"}
                ]}"""));

        assertThat(store.lookup("omniagent-secret-token-1")).hasValueSatisfying(p -> {
            assertThat(p.role()).isEqualTo(Role.SERVICE);
            assertThat(p.canWriteFor("omniagent")).isTrue();
            assertThat(p.canWriteFor("omniplan")).isFalse();
        });
        assertThat(store.lookup("operator-secret-token-22")).hasValueSatisfying(p -> assertThat(p.isAdmin()).isTrue());
        assertThat(store.lookup("dashboard-secret-token-3")).hasValueSatisfying(p -> assertThat(p.canWrite()).isFalse());
        assertThat(store.lookup("omniagent-secret-token-")).isEmpty();
        assertThat(store.lookup("")).isEmpty();
        assertThat(store.lookup(null)).isEmpty();
    }

    @Test
    void shouldRefuseAServiceTokenWithoutServices() throws IOException {
        Path file = write("""
                {"tokens": [{"token": "omniagent-secret-token-1", "principal": "omniagent", "role": "service"}]}""");

        assertThatThrownBy(() -> TokenStore.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tokens[0]")
                .hasMessageContaining("services");
    }

    @Test
    void shouldRefuseShortTokensUnknownRolesAndDuplicates() throws IOException {
        assertThatThrownBy(() -> TokenStore.load(write("""
                {"tokens": [{"token": "short", "principal": "x", "role": "admin"}]}""")))
                .hasMessageContaining("at least 16");
        assertThatThrownBy(() -> TokenStore.load(write("""
                {"tokens": [{"token": "long-enough-token-123", "principal": "x", "role": "root"}]}""")))
                .hasMessageContaining("unknown role 'root'");
        assertThatThrownBy(() -> TokenStore.load(write("""
                {"tokens": [{"token": "long-enough-token-123", "principal": "x", "role": "admin"},
                            {"token": "long-enough-token-123", "principal": "y", "role": "admin"}]}""")))
                .hasMessageContaining("duplicate token");
        assertThatThrownBy(() -> TokenStore.load(write("[]")))
                .hasMessageContaining("must be {\"tokens\"");
    }

    @Test
    void shouldGiveRequestsWithoutATokenTheAnonymousEntryOnlyFromItsNetworks() throws IOException {
        // Given
        TokenStore store = TokenStore.load(write("""
                {"tokens": [],
                 "anonymous": {"principal": "trusted-lan", "role": "service", "services": ["omniagent", "omniplan"],
                               "networks": ["10.0.0.0/8", "127.0.0.0/8", "fd00::/8"]}}"""));

        // Then
        assertThat(store.anonymous(InetAddress.getByName("10.1.2.3"))).hasValueSatisfying(p -> {
            assertThat(p.name()).isEqualTo("trusted-lan");
            assertThat(p.canWriteFor("omniplan")).isTrue();
            assertThat(p.canWriteFor("omnimemory")).isFalse();
        });
        assertThat(store.anonymous(InetAddress.getByName("127.0.0.1"))).isPresent();
        assertThat(store.anonymous(InetAddress.getByName("fd12::1"))).isPresent();
        assertThat(store.anonymous(InetAddress.getByName("192.168.1.5"))).isEmpty();
        assertThat(store.anonymous(InetAddress.getByName("::1"))).isEmpty();
        assertThat(store.anonymousNetworks()).containsExactly("10.0.0.0/8", "127.0.0.0/8", "fd00::/8");
    }

    @Test
    void shouldHaveNoAnonymousAccessWithoutTheEntry() throws IOException {
        TokenStore store = TokenStore.load(write("""
                {"tokens": [{"token": "operator-secret-token-22", "principal": "ops", "role": "admin"}]}"""));

        assertThat(store.anonymous(InetAddress.getByName("127.0.0.1"))).isEmpty();
        assertThat(store.anonymousNetworks()).isEmpty();
    }

    @Test
    void shouldRefuseAnAnonymousEntryWithoutNetworksOrWithABadOne() throws IOException {
        assertThatThrownBy(() -> TokenStore.load(write("""
                {"tokens": [], "anonymous": {"principal": "lan", "role": "reader"}}""")))
                .hasMessageContaining("anonymous: needs a non-empty \"networks\" list");
        assertThatThrownBy(() -> TokenStore.load(write("""
                {"tokens": [], "anonymous": {"principal": "lan", "role": "reader", "networks": ["10.0.0.0/99"]}}""")))
                .hasMessageContaining("not a network: \"10.0.0.0/99\"");
        assertThatThrownBy(() -> TokenStore.load(write("""
                {"tokens": [], "anonymous": {"principal": "lan", "role": "service", "networks": ["10.0.0.0/8"]}}""")))
                .hasMessageContaining("anonymous: a service entry needs a non-empty \"services\" list");
    }

    private Path write(String json) throws IOException {
        Path file = Files.createTempFile(dir, "auth", ".json");
        Files.writeString(file, json);
        return file;
    }
}
