package io.omninode.bridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.app.support.BridgeHttp;
import io.omninode.bridge.app.support.BridgeHttp.Reply;
import io.omninode.bridge.app.support.FreePorts;
import io.omninode.bridge.app.support.SharedKafka;
import io.omninode.bridge.schemas.SeedSamples;
import io.omninode.bridge.schemas.TestCertificates;
import io.omninode.bridge.schemas.TestCertificates.Authority;
import io.omninode.bridge.schemas.TestCertificates.Issued;
import io.omninode.bridge.schemas.TestCertificates.KeyType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bridge run --tls-cert/--tls-key} (issue 16, DESIGN.md §7): the port speaks HTTPS only, start-up
 * says so, a rotated certificate is served without a restart, instances forward reads to each other
 * over HTTPS trusting {@code --tls-ca}, and a certificate that cannot be served stops the start with one line.
 */
class HttpsIntegrationTest {

    private static final Authority CA = TestCertificates.authority("bridge cluster test CA");

    @TempDir
    Path dir;

    @Test
    void shouldServeHttpsOnlyAndPickUpARotatedCertificate() throws Exception {
        Issued first = CA.issue("bridge-a.test", KeyType.EC);
        int port = FreePorts.one();
        StringWriter out = new StringWriter();

        try (BridgeRuntime runtime = new BridgeRuntime(options("a", port, first, SharedKafka.uniquePrefix()),
                new PrintWriter(out, true)).start()) {
            assertThat(out.toString()).contains("and HTTPS API on 127.0.0.1:" + port)
                    .contains("HTTPS only: certificate CN=bridge-a.test issued by CN=bridge cluster test CA")
                    .contains("Bridge ready on https://127.0.0.1:" + port + " ");
            BridgeHttp https = BridgeHttp.https(port, CA.clientContext());
            Reply health = https.get("/health");
            assertThat(health.status()).as(health.text()).isEqualTo(200);
            Reply written = https.post("/registry/services", SeedSamples.load(SeedSamples.REGISTRATION));
            assertThat(written.status()).as(written.text()).isEqualTo(200);
            assertThatThrownBy(() -> new BridgeHttp(port).get("/health")).as("plain HTTP is not served")
                    .isInstanceOf(UncheckedIOException.class);

            Issued second = CA.issue("bridge-a-rotated.test", KeyType.RSA);
            second.writePem(dir.resolve("a.pem"), dir.resolve("a.key"));
            await().atMost(Duration.ofSeconds(30)).until(() -> servedCertificate(port).equals(second.certificate()));
            assertThat(https.get("/health").status()).isEqualTo(200);
        }
    }

    @Test
    void shouldForwardReadsBetweenInstancesOverHttps() throws Exception {
        String prefix = SharedKafka.uniquePrefix();
        int[] ports = FreePorts.pick(2);
        StringWriter out = new StringWriter();
        List<BridgeRuntime> started = new ArrayList<>();
        try {
            started.add(new BridgeRuntime(options("a", ports[0], CA.issue("bridge-a.test", KeyType.EC), prefix),
                    new PrintWriter(out, true)).start());
            started.add(new BridgeRuntime(options("b", ports[1], CA.issue("bridge-b.test", KeyType.RSA), prefix),
                    new PrintWriter(out, true)).start());
            BridgeHttp toA = BridgeHttp.https(ports[0], CA.clientContext());
            BridgeHttp toB = BridgeHttp.https(ports[1], CA.clientContext());
            List<String> services = IntStream.range(0, 12).mapToObj(i -> "tls-" + i).toList();
            for (String service : services) {
                ObjectNode body = SeedSamples.load(SeedSamples.REGISTRATION);
                body.put("service_name", service).put("instance_id", service + "-1");
                Reply reply = toA.post("/registry/services", body);
                assertThat(reply.status()).as(reply.text()).isEqualTo(200);
            }

            // each instance answers every key, the other's by forwarding over HTTPS
            for (BridgeHttp entry : List.of(toA, toB)) {
                Set<String> servedBy = new HashSet<>();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    servedBy.clear();
                    for (String service : services) {
                        Reply health = entry.get("/registry/services/" + service + "/health?fresh=true");
                        if (health.status() != 200) {
                            return false;
                        }
                        servedBy.add(health.json().at("/metadata/served_by").asText());
                    }
                    return servedBy.equals(Set.of("a", "b"));
                });
            }
            Reply list = toB.get("/registry/services?limit=1000&fresh=true");
            assertThat(list.status()).as(list.text()).isEqualTo(200);
            assertThat(list.data().get("count").asInt()).isEqualTo(services.size());
        } finally {
            started.forEach(BridgeRuntime::close);
        }
    }

    @Test
    void shouldStopWithOneLineOnACertificateItCannotServe() throws Exception {
        Issued issued = CA.issue("bridge-a.test", KeyType.EC);
        Path cert = dir.resolve("a.pem");
        Path otherKey = dir.resolve("other.key");
        issued.writePem(cert, dir.resolve("a.key"));
        TestCertificates.write(otherKey, TestCertificates.pkcs8Pem(CA.issue("other.test", KeyType.EC).key()));
        StringWriter err = new StringWriter();
        CommandLine commandLine = BridgeCli.commandLine();
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(err, true));

        int exitCode = commandLine.execute("run", "--bootstrap-servers", SharedKafka.bootstrapServers(),
                "--port", Integer.toString(FreePorts.one()), "--data-dir", dir.resolve("data").toString(), "--insecure",
                "--tls-cert", cert.toString(), "--tls-key", otherKey.toString());

        assertThat(exitCode).isEqualTo(BridgeCli.FAILED);
        assertThat(err.toString().strip()).isEqualTo("error: --tls-key " + otherKey
                + " is not the key of the first certificate in --tls-cert " + cert + " (CN=bridge-a.test)");
        assertThat(BridgeCli.execute(new String[] {"run", "--tls-cert", cert.toString()}))
                .as("--tls-cert without --tls-key").isEqualTo(BridgeCli.USAGE);
    }

    /** {@code bridge run} for instance {@code name} of the application under {@code prefix}, with its own certificate. */
    private RunOptions options(String name, int port, Issued certificate, String prefix) {
        Path cert = dir.resolve(name + ".pem");
        Path key = dir.resolve(name + ".key");
        certificate.writePem(cert, key);
        Path ca = CA.writePem(dir.resolve("ca.pem"));
        String[] args = {"run", "--bootstrap-servers", SharedKafka.bootstrapServers(), "--topic-prefix", prefix,
            "--port", Integer.toString(port), "--data-dir", dir.resolve(name).resolve("data").toString(), "--insecure",
            "--instance-id", name, "--tls-cert", cert.toString(), "--tls-key", key.toString(), "--tls-ca", ca.toString()};
        CommandLine.ParseResult result = BridgeCli.commandLine().parseArgs(args);
        RunOptions options = ((RunCommand) result.subcommand().commandSpec().commandLine().getCommand()).options();
        options.validate(result.subcommand().commandSpec().commandLine());
        return options;
    }

    /** The certificate a new connection to {@code port} is shown. */
    private static X509Certificate servedCertificate(int port) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(CA.clientContext()).build();
        HttpResponse<Void> reply = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
        return (X509Certificate) reply.sslSession().orElseThrow().getPeerCertificates()[0];
    }
}
