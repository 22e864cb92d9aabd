package io.omninode.bridge.http.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omninode.bridge.http.BridgeServer;
import io.omninode.bridge.http.HttpMetrics;
import io.omninode.bridge.schemas.TestCertificates;
import io.omninode.bridge.schemas.TestCertificates.Authority;
import io.omninode.bridge.schemas.TestCertificates.Issued;
import io.omninode.bridge.schemas.TestCertificates.KeyType;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bridge's port with a certificate (DESIGN.md §7): HTTPS only, and a rotated certificate served without a restart. */
class HttpsServerTest {

    private static final Authority CA = TestCertificates.authority("bridge test CA");

    @TempDir
    Path dir;

    private BridgeServer server;
    private Https https;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldAnswerOverHttpsAClientThatTrustsTheCaAndNoOtherClient() throws Exception {
        start(CA.issue("first.bridge.test", KeyType.EC));

        HttpResponse<String> reply = get(CA.clientContext(), "/ping");

        assertThat(server.scheme()).isEqualTo("https");
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("pong https");
        assertThatThrownBy(() -> get(TestCertificates.authority("another CA").clientContext(), "/ping"))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void shouldNotServePlainHttpOnTheHttpsPort() throws Exception {
        start(CA.issue("first.bridge.test", KeyType.EC));

        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);

            assertThat(answer).as("no HTTP response on the HTTPS port").doesNotStartWith("HTTP/").doesNotContain("pong");
        }
    }

    @Test
    void shouldServeARotatedCertificateToNewConnectionsWithoutRestarting() throws Exception {
        Issued first = CA.issue("first.bridge.test", KeyType.EC);
        start(first);
        assertThat(servedCertificate()).isEqualTo(first.certificate());

        Issued second = CA.issue("second.bridge.test", KeyType.RSA);
        second.writePem(dir.resolve("cert.pem"), dir.resolve("key.pem"));

        await().atMost(Duration.ofSeconds(30)).until(() -> servedCertificate().equals(second.certificate()));
        assertThat(get(CA.clientContext(), "/ping").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldKeepServingThePreviousCertificateWhenARotationDoesNotLoad() throws Exception {
        Issued first = CA.issue("first.bridge.test", KeyType.EC);
        start(first);
        ReloadingCertificate certificate = https.certificate();

        // a new certificate whose key is not there yet
        Issued second = CA.issue("second.bridge.test", KeyType.EC);
        TestCertificates.write(dir.resolve("cert.pem"), second.chainPem());
        await().atMost(Duration.ofSeconds(30)).until(() -> certificate.lastRefusal() != null);
        assertThat(certificate.lastRefusal()).contains("is not the key of the first certificate");
        assertThat(servedCertificate()).isEqualTo(first.certificate());

        // its key arrives: the next look picks up the pair
        TestCertificates.write(dir.resolve("key.pem"), TestCertificates.pkcs8Pem(second.key()));
        await().atMost(Duration.ofSeconds(30)).until(() -> servedCertificate().equals(second.certificate()));
        assertThat(certificate.lastRefusal()).isNull();
    }

    @Test
    void shouldServeAPkcs12KeystoreAndItsRotation() throws Exception {
        Issued first = CA.issue("first.bridge.test", KeyType.RSA);
        Path keystore = first.writePkcs12(dir.resolve("bridge.p12"), "server", "store-secret");
        start(CertificateSource.pkcs12(keystore, "store-secret"));
        assertThat(servedCertificate()).isEqualTo(first.certificate());

        Issued second = CA.issue("second.bridge.test", KeyType.EC);
        Path next = second.writePkcs12(dir.resolve("next.p12"), "server", "store-secret");
        Files.move(next, keystore, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        await().atMost(Duration.ofSeconds(30)).until(() -> servedCertificate().equals(second.certificate()));
    }

    private void start(Issued issued) {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        issued.writePem(cert, key);
        start(CertificateSource.pem(cert, key));
    }

    private void start(CertificateSource source) {
        https = Https.load(source, null, Duration.ofMillis(200));
        server = new BridgeServer(1024 * 1024, "test", https);
        server.start("127.0.0.1", 0, new HttpMetrics(new SimpleMeterRegistry()),
                List.of(routes -> routes.get("/ping", ctx -> ctx.result("pong " + ctx.scheme()))));
    }

    private HttpResponse<String> get(SSLContext trust, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The certificate a new connection is shown. */
    private X509Certificate servedCertificate() throws Exception {
        HttpResponse<String> reply = get(CA.clientContext(), "/ping");
        return (X509Certificate) reply.sslSession().orElseThrow().getPeerCertificates()[0];
    }
}
