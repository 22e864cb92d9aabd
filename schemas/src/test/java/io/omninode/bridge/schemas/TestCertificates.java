package io.omninode.bridge.schemas;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made by the tests themselves (BouncyCastle): a CA, and server certificates it signs
 * for {@code localhost} and {@code 127.0.0.1}, written as PEM files or PKCS12 keystores.
 */
public final class TestCertificates {

    /** Key algorithm of a generated key pair. */
    public enum KeyType { RSA, EC, Ed25519 }

    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    private TestCertificates() {
    }

    /** A certificate and its private key. */
    public record Issued(X509Certificate certificate, PrivateKey key, X509Certificate issuer) {

        /** This certificate followed by its issuer's, as PEM. */
        public String chainPem() {
            return pem(certificate) + pem(issuer);
        }

        /** Writes the chain to {@code cert} and the unencrypted PKCS#8 key to {@code key}, each replaced atomically. */
        public void writePem(Path cert, Path key) {
            write(cert, chainPem());
            write(key, pkcs8Pem(this.key));
        }

        /** Writes a PKCS12 keystore with this key and chain under {@code alias}. */
        public Path writePkcs12(Path file, String alias, String password) {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry(alias, key, password.toCharArray(), new Certificate[] {certificate, issuer});
                try (OutputStream out = Files.newOutputStream(file)) {
                    store.store(out, password.toCharArray());
                }
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A certificate authority: a self-signed CA certificate and its key, which signs server certificates. */
    public record Authority(X509Certificate certificate, KeyPair keys) {

        /** A server certificate for {@code localhost} and {@code 127.0.0.1}, valid from a day ago for 30 days. */
        public Issued issue(String commonName, KeyType type) {
            KeyPair pair = generate(type);
            Instant now = Instant.now();
            try {
                JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate,
                        BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(now.minus(Duration.ofDays(1))),
                        Date.from(now.plus(Duration.ofDays(30))), new X500Name("CN=" + commonName), pair.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                        .addExtension(Extension.keyUsage, true,
                                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                        .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                        .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                            new GeneralName(GeneralName.dNSName, "localhost"),
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1")}))
                        .addExtension(Extension.subjectKeyIdentifier, false,
                                utils.createSubjectKeyIdentifier(pair.getPublic()))
                        .addExtension(Extension.authorityKeyIdentifier, false,
                                utils.createAuthorityKeyIdentifier(certificate));
                return new Issued(sign(builder, keys.getPrivate()), pair.getPrivate(), certificate);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A client's SSL context that trusts this CA and nothing else. */
        public SSLContext clientContext() {
            try {
                KeyStore anchors = KeyStore.getInstance("PKCS12");
                anchors.load(null, null);
                anchors.setCertificateEntry("ca", certificate);
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(anchors);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, trust.getTrustManagers(), null);
                return context;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The CA certificate as PEM. */
        public String pem() {
            return TestCertificates.pem(certificate);
        }

        /** Writes the CA certificate as PEM to {@code file}. */
        public Path writePem(Path file) {
            write(file, pem());
            return file;
        }
    }

    /** A new CA named {@code CN=commonName}, valid from a day ago for a year. */
    public static Authority authority(String commonName) {
        KeyPair pair = generate(KeyType.EC);
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=" + commonName);
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(365))), name, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
            return new Authority(sign(builder, pair.getPrivate()), pair);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code certificate} as PEM. */
    public static String pem(X509Certificate certificate) {
        return pemOf(certificate);
    }

    /** {@code key} as unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
    public static String pkcs8Pem(PrivateKey key) {
        try {
            return pemOf(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code key} in OpenSSL's traditional form: PKCS#1 {@code BEGIN RSA PRIVATE KEY}, SEC1 {@code BEGIN EC PRIVATE KEY}. */
    public static String traditionalPem(PrivateKey key) {
        try {
            // BouncyCastle's own key encodes the curve inside an EC key, as OpenSSL writes it
            PrivateKey withParameters = KeyFactory.getInstance(key.getAlgorithm(), new BouncyCastleProvider())
                    .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
            return pemOf(withParameters);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code key} as encrypted PKCS#8 PEM ({@code BEGIN ENCRYPTED PRIVATE KEY}). */
    public static String encryptedPkcs8Pem(PrivateKey key, String password) {
        try {
            return pemOf(new JcaPKCS8Generator(key, new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setProvider(new BouncyCastleProvider()).setPassword(password.toCharArray()).build()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Replaces {@code file} with {@code text} in one step (written beside it, then moved), as a rotation would. */
    public static void write(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path next = Files.createTempFile(parent, file.getFileName().toString(), ".next");
            Files.writeString(next, text);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pemOf(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws GeneralSecurityException {
        String algorithm = issuerKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder(algorithm).build(issuerKey)));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate(KeyType type) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(type.name());
            if (type != KeyType.Ed25519) {
                generator.initialize(type == KeyType.RSA ? 2048 : 256);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
