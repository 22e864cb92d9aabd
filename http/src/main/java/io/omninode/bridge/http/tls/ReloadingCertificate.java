package io.omninode.bridge.http.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of HTTPS: Jetty's {@link SslContextFactory.Server} holding the certificate of a
 * {@link CertificateSource}, and, while started, a check of its files every {@code interval}. When
 * a file changed (its content's path, time or size: a rewrite, a move over it, or a swapped symlink
 * as Kubernetes rotates secrets) the source is loaded again and the factory reloaded; new
 * connections get the new certificate, open ones keep theirs. A rotation that does not load (a key
 * not yet written beside its new certificate) keeps the previous certificate, is logged, and is
 * tried again at the next change.
 */
public final class ReloadingCertificate extends AbstractLifeCycle {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadingCertificate.class);

    private final CertificateSource source;
    private final Duration interval;
    private final SslContextFactory.Server factory = new SslContextFactory.Server();
    private volatile LoadedCertificate current;
    private volatile String lastRefusal;
    private List<String> seen;
    private ScheduledExecutorService checker;

    /**
     * Loads the certificate.
     *
     * @throws IllegalArgumentException with a one-line message when it cannot be served
     */
    public ReloadingCertificate(CertificateSource source, Duration interval) {
        this.source = source;
        this.interval = interval;
        this.seen = fingerprint();
        this.current = source.load();
        use(factory, current);
    }

    /** The factory of the HTTPS connector. */
    public SslContextFactory.Server sslContextFactory() {
        return factory;
    }

    /** The certificate served to new connections. */
    public LoadedCertificate current() {
        return current;
    }

    public CertificateSource source() {
        return source;
    }

    /** Why the files as they are now were not loaded, or null when they were (or never changed). */
    public String lastRefusal() {
        return lastRefusal;
    }

    /** Reloads when a file changed since the last look; true when a new certificate is now served. */
    public synchronized boolean reloadIfChanged() {
        List<String> now = fingerprint();
        if (now.equals(seen)) {
            return false;
        }
        seen = now;
        LoadedCertificate next;
        try {
            next = source.load();
        } catch (IllegalArgumentException e) {
            lastRefusal = e.getMessage();
            LOG.warn("HTTPS certificate files changed but do not load, still serving {}: {}", current.describe(),
                    e.getMessage());
            return false;
        }
        try {
            factory.reload(f -> use((SslContextFactory.Server) f, next));
        } catch (Exception e) {
            lastRefusal = e.toString();
            LOG.warn("reloading the HTTPS certificate from {} failed, still serving {}: {}", source,
                    current.describe(), e.toString());
            return false;
        }
        lastRefusal = null;
        current = next;
        LOG.info("HTTPS certificate reloaded from {}: {}", source, next.describe());
        return true;
    }

    @Override
    protected void doStart() {
        checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bridge-tls-reload");
            thread.setDaemon(true);
            return thread;
        });
        checker.scheduleWithFixedDelay(() -> {
            try {
                reloadIfChanged();
            } catch (RuntimeException e) {
                LOG.warn("checking the HTTPS certificate files failed: {}", e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        checker.shutdownNow();
    }

    private static void use(SslContextFactory.Server factory, LoadedCertificate certificate) {
        factory.setKeyStore(certificate.keyStore());
        factory.setKeyStorePassword(certificate.password());
        factory.setKeyManagerPassword(certificate.password());
    }

    /** Per file: where its content really is, when it was last written, how big it is. */
    private List<String> fingerprint() {
        List<String> out = new ArrayList<>();
        for (Path file : source.files()) {
            try {
                out.add(file.toRealPath() + "|" + Files.getLastModifiedTime(file).toMillis() + "|" + Files.size(file));
            } catch (IOException e) {
                out.add(file + "|missing");
            }
        }
        return out;
    }
}
