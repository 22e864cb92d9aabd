package io.omninode.bridge.http.tls;

import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * HTTPS on the bridge's port (DESIGN.md §7): the server's certificate, reloaded when its files
 * change, and the trust of calls to other instances.
 *
 * @param certificate what the HTTPS connector serves
 * @param peers       the SSL context of forwarded queries to other instances
 * @param trustedCa   the {@code --tls-ca} file, or null for the JDK's default trust only
 */
public record Https(ReloadingCertificate certificate, SSLContext peers, Path trustedCa) {

    /** How often the certificate files are looked at. */
    public static final Duration RELOAD_CHECK_INTERVAL = Duration.ofSeconds(1);

    /**
     * Loads and checks everything.
     *
     * @throws IllegalArgumentException with a one-line message naming the option and file at fault
     */
    public static Https load(CertificateSource source, Path trustedCa) {
        return load(source, trustedCa, RELOAD_CHECK_INTERVAL);
    }

    public static Https load(CertificateSource source, Path trustedCa, Duration reloadCheckInterval) {
        ReloadingCertificate certificate = new ReloadingCertificate(source, reloadCheckInterval);
        return new Https(certificate, PeerTrust.trusting(trustedCa), trustedCa);
    }

    /** For the start-up line: what is served from where, and whom peers are checked against. */
    public String describe() {
        return "certificate " + certificate.current().describe() + " from " + certificate.source()
                + ", reloaded when it changes; peers trusted: the JDK's CAs"
                + (trustedCa == null ? "" : " and " + trustedCa);
    }
}
