package io.omninode.bridge.http.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Whom a bridge instance trusts when it calls another over HTTPS (forwarded queries): the JDK's
 * default trust anchors plus the CA certificates of {@code --tls-ca}. Host names are verified
 * against the peer's certificate as always, so each instance's certificate must name the host of
 * its {@code --application-server}.
 */
public final class PeerTrust {

    private PeerTrust() {
    }

    /**
     * An SSL context trusting the JDK's defaults and, when {@code caFile} is not null, its PEM certificates.
     *
     * @throws IllegalArgumentException with a one-line message when {@code caFile} holds no usable certificate
     */
    public static SSLContext trusting(Path caFile) {
        try {
            if (caFile == null) {
                return SSLContext.getDefault();
            }
            List<X509Certificate> authorities = PemFiles.certificates("--tls-ca", caFile);
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            int n = 0;
            for (X509Certificate jdk : defaultTrustManager().getAcceptedIssuers()) {
                anchors.setCertificateEntry("jdk-" + n++, jdk);
            }
            for (X509Certificate authority : authorities) {
                anchors.setCertificateEntry("tls-ca-" + n++, authority);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("--tls-ca " + caFile + " cannot be used: " + PemFiles.oneLine(e), e);
        }
    }

    private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JDK has no X.509 trust manager");
    }
}
