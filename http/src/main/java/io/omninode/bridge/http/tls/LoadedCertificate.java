package io.omninode.bridge.http.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;

/**
 * A certificate chain and its key, checked and ready for the server: an in-memory keystore with one
 * entry ({@value #ALIAS}) under a random password.
 *
 * @param keyStore the keystore the server's key manager reads
 * @param password its password (also the key's)
 * @param chain    the server's certificate first
 */
public record LoadedCertificate(KeyStore keyStore, String password, List<X509Certificate> chain) {

    static final String ALIAS = "bridge";

    public LoadedCertificate {
        chain = List.copyOf(chain);
    }

    /** The server's certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** For logs: subject, issuer, expiry and serial. */
    public String describe() {
        X509Certificate certificate = certificate();
        return subject(certificate) + " issued by " + certificate.getIssuerX500Principal().getName()
                + ", valid until " + certificate.getNotAfter().toInstant() + ", serial "
                + certificate.getSerialNumber().toString(16);
    }

    @Override
    public String toString() {
        return describe();
    }

    static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }

    /** Refuses a certificate that is not valid now; {@code what} names the option and file. */
    static LoadedCertificate of(PrivateKey key, List<X509Certificate> chain, String what) {
        X509Certificate certificate = chain.get(0);
        try {
            certificate.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new IllegalArgumentException(what + ": the certificate " + subject(certificate) + " expired on "
                    + certificate.getNotAfter().toInstant(), e);
        } catch (CertificateNotYetValidException e) {
            throw new IllegalArgumentException(what + ": the certificate " + subject(certificate)
                    + " is not valid before " + certificate.getNotBefore().toInstant(), e);
        }
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, password.toCharArray(), chain.toArray(X509Certificate[]::new));
            return new LoadedCertificate(store, password, chain);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(what + " cannot be put into a keystore: " + PemFiles.oneLine(e), e);
        }
    }
}
