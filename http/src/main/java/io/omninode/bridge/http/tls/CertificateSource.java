package io.omninode.bridge.http.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where the HTTPS port's certificate and private key come from: a PEM certificate chain and key
 * ({@code --tls-cert}/{@code --tls-key}) or a PKCS12 keystore ({@code --tls-keystore}). Each
 * {@link #load()} reads the files again, so a rotated certificate is picked up by loading anew.
 */
public sealed interface CertificateSource {

    /** A PEM chain (the server's certificate first, then intermediates) and its PEM private key. */
    static CertificateSource pem(Path certificate, Path key) {
        return new Pem(certificate, key);
    }

    /** A PKCS12 keystore whose first key entry (key and chain) is used; {@code password} opens store and key. */
    static CertificateSource pkcs12(Path keystore, String password) {
        return new Pkcs12(keystore, password == null ? "" : password);
    }

    /** The files to watch for a rotation. */
    List<Path> files();

    /**
     * Reads the files and checks that key and certificate belong together and the certificate is
     * valid now.
     *
     * @throws IllegalArgumentException with a one-line message naming the option and file
     */
    LoadedCertificate load();

    /** {@code --tls-cert}/{@code --tls-key}. */
    record Pem(Path certificate, Path key) implements CertificateSource {
        @Override
        public List<Path> files() {
            return List.of(certificate, key);
        }

        @Override
        public LoadedCertificate load() {
            List<X509Certificate> chain = PemFiles.certificates("--tls-cert", certificate);
            PrivateKey privateKey = PemFiles.privateKey("--tls-key", key);
            KeyMatch.require(chain.get(0), privateKey, "--tls-key " + key,
                    "the first certificate in --tls-cert " + certificate);
            return LoadedCertificate.of(privateKey, chain, "--tls-cert " + certificate);
        }

        @Override
        public String toString() {
            return certificate + " and " + key;
        }
    }

    /** {@code --tls-keystore}/{@code --tls-keystore-password}. */
    record Pkcs12(Path keystore, String password) implements CertificateSource {
        @Override
        public List<Path> files() {
            return List.of(keystore);
        }

        @Override
        public LoadedCertificate load() {
            String what = "--tls-keystore " + keystore;
            KeyStore store = open(what);
            try {
                for (String alias : Collections.list(store.aliases())) {
                    if (!store.isKeyEntry(alias)) {
                        continue;
                    }
                    Key key = store.getKey(alias, password.toCharArray());
                    Certificate[] chain = store.getCertificateChain(alias);
                    if (!(key instanceof PrivateKey privateKey) || chain == null || chain.length == 0) {
                        continue;
                    }
                    List<X509Certificate> certificates = new ArrayList<>();
                    for (Certificate certificate : chain) {
                        certificates.add((X509Certificate) certificate);
                    }
                    KeyMatch.require(certificates.get(0), privateKey, what + ": the key of entry '" + alias + "'",
                            "its certificate");
                    return LoadedCertificate.of(privateKey, certificates, what);
                }
            } catch (UnrecoverableKeyException e) {
                throw new IllegalArgumentException(what + ": its private key does not open with "
                        + "--tls-keystore-password (the key's password must be the keystore's)", e);
            } catch (GeneralSecurityException | ClassCastException e) {
                throw new IllegalArgumentException(what + " cannot be used: " + PemFiles.oneLine(e), e);
            }
            throw new IllegalArgumentException(what + " holds no private key with its certificate chain");
        }

        private KeyStore open(String what) {
            try (InputStream in = Files.newInputStream(keystore)) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(in, password.toCharArray());
                return store;
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException(what + " does not exist", e);
            } catch (AccessDeniedException e) {
                throw new IllegalArgumentException(what + " is not readable (permission denied)", e);
            } catch (IOException e) {
                String reason = e.getCause() instanceof UnrecoverableKeyException
                        ? "wrong --tls-keystore-password" : PemFiles.oneLine(e);
                throw new IllegalArgumentException(what + " cannot be opened as a PKCS12 keystore: " + reason, e);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException(what + " cannot be opened as a PKCS12 keystore: "
                        + PemFiles.oneLine(e), e);
            }
        }

        @Override
        public String toString() {
            return keystore.toString();
        }
    }
}
