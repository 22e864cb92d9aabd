package io.omninode.bridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The baseline of the proxy's cache hits (issue 13): nginx ({@code nginx-light} from Debian) on
 * loopback in front of the same tool instance, caching its POST replies by URI and body with
 * {@code proxy_cache}, as an operator would put a caching reverse proxy in front of a tool. Started
 * with its own configuration, pid and cache in the benchmark's work directory; stopped on close.
 */
final class NginxCache implements AutoCloseable {

    private static final List<String> LOCATIONS = List.of("/usr/sbin/nginx", "/usr/bin/nginx");

    private final Process process;
    private final int port;

    private NginxCache(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The nginx binary, or null when it is not installed. */
    static Path binary() {
        return LOCATIONS.stream().map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
    }

    /** Starts nginx on a free port caching {@code upstreamPort}'s replies; waits until it answers. */
    static NginxCache start(Path nginx, Path dir, int upstreamPort, String probePath, byte[] probeBody) {
        int port = BridgeProcess.freePort();
        try {
            Path work = Files.createDirectories(dir.toAbsolutePath());
            for (String sub : List.of("cache", "body", "proxy", "fastcgi", "uwsgi", "scgi")) {
                Files.createDirectories(work.resolve(sub));
            }
            Path conf = work.resolve("nginx.conf");
            Files.writeString(conf, config(work, port, upstreamPort));
            Process process = new ProcessBuilder(nginx.toString(), "-p", work.toString(), "-c", conf.toString(),
                    "-g", "daemon off;").redirectErrorStream(true).redirectOutput(work.resolve("nginx.out").toFile())
                    .start();
            NginxCache cache = new NginxCache(process, port);
            cache.awaitAnswer(probePath, probeBody, work);
            return cache;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static String config(Path work, int port, int upstreamPort) {
        // as root, nginx's workers would otherwise run as nobody, who cannot write the work directory
        String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        return String.format(Locale.ROOT, """
                %sworker_processes auto;
                error_log %s/error.log warn;
                pid %s/nginx.pid;
                events { worker_connections 4096; }
                http {
                    access_log off;
                    client_body_temp_path %s/body;
                    proxy_temp_path %s/proxy;
                    fastcgi_temp_path %s/fastcgi;
                    uwsgi_temp_path %s/uwsgi;
                    scgi_temp_path %s/scgi;
                    client_body_buffer_size 64k;
                    proxy_cache_path %s/cache keys_zone=tools:10m;
                    upstream tool { server 127.0.0.1:%d; keepalive 64; }
                    server {
                        listen 127.0.0.1:%d;
                        location / {
                            proxy_pass http://tool;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_cache tools;
                            proxy_cache_methods POST;
                            proxy_cache_key "$request_uri|$request_body";
                            proxy_cache_valid 200 10m;
                            add_header X-Cache-Status $upstream_cache_status;
                        }
                    }
                }
                """, user, work, work, work, work, work, work, work, work, upstreamPort, port);
    }

    private void awaitAnswer(String path, byte[] body, Path work) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + "; see " + work);
            }
            try {
                HttpResponse<Void> reply = client.send(HttpRequest.newBuilder(URI.create(url(path)))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
                if (reply.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            BridgeProcess.sleep(100);
        }
        throw new IllegalStateException("nginx did not answer within 20 s; see " + work);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
