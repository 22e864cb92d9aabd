package io.omninode.bridge.http.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads PEM files with BouncyCastle's parser: certificates ({@code BEGIN CERTIFICATE}) and one
 * unencrypted private key in any of OpenSSL's forms (PKCS#8 {@code BEGIN PRIVATE KEY}, PKCS#1
 * {@code BEGIN RSA PRIVATE KEY}, SEC1 {@code BEGIN EC PRIVATE KEY}). Every failure is an
 * {@link IllegalArgumentException} with a one-line message naming {@code what} (the option) and the file.
 */
final class PemFiles {

    private PemFiles() {
    }

    /** Every certificate in {@code file}, in file order; at least one. */
    static List<X509Certificate> certificates(String what, Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object object : objects(what, file)) {
            if (object instanceof X509CertificateHolder holder) {
                try {
                    certificates.add(converter.getCertificate(holder));
                } catch (CertificateException e) {
                    throw new IllegalArgumentException(what + " " + file + " holds a certificate Java cannot read: "
                            + e.getMessage(), e);
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(what + " " + file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return certificates;
    }

    /** The one private key in {@code file}. */
    static PrivateKey privateKey(String what, Path file) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        List<PrivateKey> keys = new ArrayList<>();
        for (Object object : objects(what, file)) {
            try {
                if (object instanceof PEMKeyPair pair) {
                    // a SEC1 EC key may leave out its public key
                    keys.add(pair.getPublicKeyInfo() == null ? converter.getPrivateKey(pair.getPrivateKeyInfo())
                            : converter.getKeyPair(pair).getPrivate());
                } else if (object instanceof PrivateKeyInfo info) {
                    keys.add(converter.getPrivateKey(info));
                } else if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
                    throw new IllegalArgumentException(what + " " + file + " holds an encrypted private key; give it "
                            + "unencrypted (openssl pkey -in " + file.getFileName() + " -out key.pem) and protect the "
                            + "file instead, or use a PKCS12 keystore with --tls-keystore");
                }
            } catch (IOException e) {
                throw new IllegalArgumentException(what + " " + file + " holds a private key Java cannot use: "
                        + oneLine(e), e);
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(what + " " + file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
        }
        if (keys.size() > 1) {
            throw new IllegalArgumentException(what + " " + file + " holds " + keys.size()
                    + " private keys; give the one of the certificate");
        }
        return keys.get(0);
    }

    private static List<Object> objects(String what, Path file) {
        List<Object> objects = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(what + " " + file + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(what + " " + file + " is not readable (permission denied)", e);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(what + " " + file + " cannot be read as PEM: " + oneLine(e), e);
        }
        return objects;
    }

    static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
