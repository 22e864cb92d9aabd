package io.omninode.bridge.http.auth;

import io.javalin.http.Context;
import io.omninode.bridge.http.ApiException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Finds the caller of a request from {@code X-Service-Auth} or {@code Authorization: Bearer}; a
 * request without a token is the auth file's {@code anonymous} entry when it comes from one of its
 * networks (the socket's peer address, never a forwarded-for header), else 401. With auth disabled
 * ({@code --insecure}) every caller is an admin named after its address.
 */
public final class Authenticator {

    public static final String SERVICE_AUTH_HEADER = "X-Service-Auth";
    private static final String PRINCIPAL = "bridge.principal";

    private final TokenStore tokens;
    private final boolean enabled;

    private Authenticator(TokenStore tokens, boolean enabled) {
        this.tokens = tokens;
        this.enabled = enabled;
    }

    public static Authenticator withTokens(TokenStore tokens) {
        return new Authenticator(tokens, true);
    }

    public static Authenticator disabled() {
        return new Authenticator(null, false);
    }

    public boolean enabled() {
        return enabled;
    }

    /** The caller, or 401 when no known token was presented. Cached on the context. */
    public Principal authenticate(Context ctx) {
        Principal cached = ctx.attribute(PRINCIPAL);
        if (cached != null) {
            return cached;
        }
        Principal principal;
        if (!enabled) {
            principal = Principal.anonymousAdmin("anonymous@" + ctx.ip());
        } else {
            String token = presentedToken(ctx);
            if (token == null) {
                principal = tokens.anonymous(peer(ctx)).orElseThrow(() -> ApiException.unauthorized(
                        "missing token: send X-Service-Auth or Authorization: Bearer"
                                + (tokens.anonymousNetworks().isEmpty() ? ""
                                : " (requests without one are accepted only from " + tokens.anonymousNetworks() + ")")));
            } else {
                principal = tokens.lookup(token)
                        .orElseThrow(() -> ApiException.unauthorized("unknown token"));
            }
        }
        ctx.attribute(PRINCIPAL, principal);
        return principal;
    }

    /** The caller, who must be allowed to write (service or admin), else 403. */
    public Principal requireWriter(Context ctx) {
        Principal principal = authenticate(ctx);
        if (!principal.canWrite()) {
            throw ApiException.forbidden("role " + principal.role().label() + " may only read");
        }
        return principal;
    }

    private static InetAddress peer(Context ctx) {
        String address = ctx.req().getRemoteAddr();
        try {
            // the servlet's remote address is an IP literal, which getByName parses without a lookup
            return address == null || address.isBlank() ? null : InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String presentedToken(Context ctx) {
        String token = ctx.header(SERVICE_AUTH_HEADER);
        if (token != null && !token.isBlank()) {
            return token.trim();
        }
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.length() > 7
                && authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return authorization.substring(7).trim();
        }
        return null;
    }
}
