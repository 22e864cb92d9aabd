package io.omninode.bridge.http.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;

/** Whether a private key belongs to a certificate: a probe signed with the key verifies with the certificate. */
final class KeyMatch {

    private static final byte[] PROBE = "omninode-bridge key check".getBytes(StandardCharsets.US_ASCII);

    private KeyMatch() {
    }

    /**
     * @param keyName         the key, for the message ("--tls-key key.pem")
     * @param certificateName the certificate, for the message ("the first certificate in --tls-cert cert.pem")
     * @throws IllegalArgumentException when {@code key} is not {@code certificate}'s or of a kind TLS cannot serve
     */
    static void require(X509Certificate certificate, PrivateKey key, String keyName, String certificateName) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> key.getAlgorithm();
            default -> throw new IllegalArgumentException(keyName + " is a " + key.getAlgorithm()
                    + " key; the HTTPS port serves RSA, EC or EdDSA keys");
        };
        String mismatch = keyName + " is not the key of " + certificateName + " ("
                + LoadedCertificate.subject(certificate) + ")";
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(PROBE);
            if (!verifier.verify(signature)) {
                throw new IllegalArgumentException(mismatch);
            }
        } catch (GeneralSecurityException e) {
            // an RSA key with an EC certificate and the like: the verifier refuses the certificate's key
            throw new IllegalArgumentException(mismatch, e);
        }
    }
}
