package io.omninode.bridge.console;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.omninode.bridge.http.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /ui/}: the operator console (DESIGN.md §5), one page and its assets, every one read
 * from this jar's classpath once at start-up (the charting library from its WebJar). The page
 * needs no token to load: it holds no data, and signs in to the read routes it calls. The
 * Content-Security-Policy lets the page talk to its own origin only, so no request leaves the
 * bridge.
 */
public final class ConsoleRoutes {

    /** The console's address on a bridge. */
    public static final String PATH = "/ui/";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";
    /** The WebJar's folder: its version is the parent pom's uplot.version (a mismatch fails every start). */
    private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";

    private record Asset(byte[] body, String contentType, String etag) {
    }

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    public ConsoleRoutes() {
        add("", "console/index.html", "text/html; charset=utf-8");
        add("console.js", "console/console.js", "text/javascript; charset=utf-8");
        add("console.css", "console/console.css", "text/css; charset=utf-8");
        add("lib/uPlot.iife.min.js", UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8");
        add("lib/uPlot.min.css", UPLOT + "uPlot.min.css", "text/css; charset=utf-8");
    }

    private void add(String path, String resource, String contentType) {
        try (InputStream in = ConsoleRoutes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("console asset " + resource + " is missing from the classpath");
            }
            byte[] body = in.readAllBytes();
            String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 12) + "\"";
            assets.put(path, new Asset(body, contentType, etag));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read console asset " + resource, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public void register(RoutesConfig config) {
        // the router ignores trailing slashes: /ui and /ui/ reach this one handler, and the page's
        // relative asset links need the slash
        config.get(PATH, ctx -> {
            if (!ctx.path().endsWith("/")) {
                ctx.redirect(PATH);
                return;
            }
            serve(ctx, "");
        });
        config.get(PATH + "<asset>", ctx -> serve(ctx, ctx.pathParam("asset")));
    }

    private void serve(Context ctx, String path) {
        Asset asset = assets.get(path);
        if (asset == null) {
            throw ApiException.notFound("the console has no asset " + PATH + path);
        }
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", asset.etag());
        if (asset.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(asset.contentType());
        ctx.result(asset.body());
    }
}
