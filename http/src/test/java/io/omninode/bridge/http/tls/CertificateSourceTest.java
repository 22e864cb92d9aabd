package io.omninode.bridge.http.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omninode.bridge.schemas.TestCertificates;
import io.omninode.bridge.schemas.TestCertificates.Authority;
import io.omninode.bridge.schemas.TestCertificates.Issued;
import io.omninode.bridge.schemas.TestCertificates.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code --tls-cert}/{@code --tls-key}, {@code --tls-keystore} and {@code --tls-ca} accept and how they refuse. */
class CertificateSourceTest {

    private static final Authority CA = TestCertificates.authority("bridge test CA");

    @TempDir
    Path dir;

    @Test
    void shouldLoadAPemChainWithItsKeyInEveryUnencryptedForm() throws Exception {
        Issued rsa = CA.issue("rsa.bridge.test", KeyType.RSA);
        Issued ec = CA.issue("ec.bridge.test", KeyType.EC);
        Path chain = file("rsa.pem", rsa.chainPem());

        Path pkcs8 = file("pkcs8.key", TestCertificates.pkcs8Pem(rsa.key()));
        Path pkcs1 = file("pkcs1.key", TestCertificates.traditionalPem(rsa.key()));
        Path sec1 = file("sec1.key", TestCertificates.traditionalPem(ec.key()));
        assertThat(Files.readString(pkcs8)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(pkcs1)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(Files.readString(sec1)).startsWith("-----BEGIN EC PRIVATE KEY-----");

        for (Path key : new Path[] {pkcs8, pkcs1}) {
            LoadedCertificate loaded = CertificateSource.pem(chain, key).load();
            assertThat(loaded.certificate()).isEqualTo(rsa.certificate());
            assertThat(loaded.chain()).containsExactly(rsa.certificate(), CA.certificate());
            Key stored = loaded.keyStore().getKey(LoadedCertificate.ALIAS, loaded.password().toCharArray());
            assertThat(stored.getEncoded()).as(key.toString()).isEqualTo(rsa.key().getEncoded());
        }
        LoadedCertificate fromSec1 = CertificateSource.pem(file("ec.pem", ec.chainPem()), sec1).load();
        assertThat(fromSec1.describe()).contains("CN=ec.bridge.test", "CN=bridge test CA", "valid until");
        Issued ed = CA.issue("ed.bridge.test", KeyType.Ed25519);
        assertThat(CertificateSource.pem(file("ed.pem", ed.chainPem()),
                file("ed.key", TestCertificates.pkcs8Pem(ed.key()))).load().certificate()).isEqualTo(ed.certificate());
    }

    @Test
    void shouldLoadTheKeyEntryOfAPkcs12Keystore() {
        Issued issued = CA.issue("p12.bridge.test", KeyType.EC);
        Path keystore = issued.writePkcs12(dir.resolve("bridge.p12"), "server", "store-secret");

        LoadedCertificate loaded = CertificateSource.pkcs12(keystore, "store-secret").load();

        assertThat(loaded.chain()).containsExactly(issued.certificate(), CA.certificate());
    }

    @Test
    void shouldRefuseAKeyThatIsNotTheCertificates() throws Exception {
        Issued served = CA.issue("served.bridge.test", KeyType.EC);
        Path chain = file("served.pem", served.chainPem());
        Path otherEc = file("other-ec.key", TestCertificates.pkcs8Pem(CA.issue("other", KeyType.EC).key()));
        Path otherRsa = file("other-rsa.key", TestCertificates.pkcs8Pem(CA.issue("other", KeyType.RSA).key()));

        for (Path key : new Path[] {otherEc, otherRsa}) {
            assertThatThrownBy(() -> CertificateSource.pem(chain, key).load()).as(key.toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--tls-key " + key + " is not the key of the first certificate in --tls-cert " + chain
                            + " (CN=served.bridge.test)");
        }
    }

    @Test
    void shouldRefuseFilesThatAreMissingOrHoldTheWrongThing() throws Exception {
        Issued issued = CA.issue("files.bridge.test", KeyType.EC);
        Path chain = file("chain.pem", issued.chainPem());
        Path key = file("key.pem", TestCertificates.pkcs8Pem(issued.key()));
        Path missing = dir.resolve("missing.pem");
        Path garbage = file("garbage.pem", "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
        Path text = file("text.pem", "hello\n");

        expectRefusal(CertificateSource.pem(missing, key), "--tls-cert " + missing + " does not exist");
        expectRefusal(CertificateSource.pem(chain, missing), "--tls-key " + missing + " does not exist");
        expectRefusal(CertificateSource.pem(key, key), "--tls-cert " + key + " holds no PEM certificate");
        expectRefusal(CertificateSource.pem(chain, chain), "--tls-key " + chain + " holds no PEM private key");
        expectRefusal(CertificateSource.pem(text, key), "--tls-cert " + text + " holds no PEM certificate");
        expectRefusal(CertificateSource.pem(garbage, key), "--tls-cert " + garbage + " cannot be read as PEM");
        expectRefusal(CertificateSource.pem(chain, file("encrypted.pem",
                TestCertificates.encryptedPkcs8Pem(issued.key(), "secret"))), "holds an encrypted private key");
    }

    @Test
    void shouldRefuseAKeystoreItCannotOpen() throws Exception {
        Issued issued = CA.issue("p12.bridge.test", KeyType.EC);
        Path keystore = issued.writePkcs12(dir.resolve("bridge.p12"), "server", "store-secret");
        Path pem = file("not-a-keystore.p12", issued.chainPem());

        expectRefusal(CertificateSource.pkcs12(keystore, "wrong"),
                "--tls-keystore " + keystore + " cannot be opened as a PKCS12 keystore: wrong --tls-keystore-password");
        expectRefusal(CertificateSource.pkcs12(pem, "store-secret"),
                "--tls-keystore " + pem + " cannot be opened as a PKCS12 keystore");
        expectRefusal(CertificateSource.pkcs12(dir.resolve("none.p12"), "x"), "does not exist");
    }

    @Test
    void shouldRefuseACaFileWithoutCertificates() throws Exception {
        Path empty = file("ca.pem", "\n");

        assertThatThrownBy(() -> PeerTrust.trusting(empty)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--tls-ca " + empty + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        assertThat(PeerTrust.trusting(CA.writePem(dir.resolve("good-ca.pem")))).isNotNull();
    }

    private static void expectRefusal(CertificateSource source, String message) {
        assertThatThrownBy(source::load).as(message).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).as("one line").doesNotContain("\n"));
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }
}
