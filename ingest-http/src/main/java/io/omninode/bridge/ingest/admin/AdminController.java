package io.omninode.bridge.ingest.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.omninode.bridge.http.ApiException;
import io.omninode.bridge.http.auth.Principal;
import io.omninode.bridge.http.WriteRoutes;

/** Admin-only write routes: {@code PUT /admin/config}. */
public final class AdminController {

    private final WriteRoutes routes;
    private final ConfigService config;

    public AdminController(WriteRoutes routes, ConfigService config) {
        this.routes = routes;
        this.config = config;
    }

    public void register(RoutesConfig cfg) {
        cfg.put("/admin/config", this::updateConfig);
    }

    private void updateConfig(Context ctx) {
        Principal principal = routes.writer(ctx, 1);
        if (!principal.isAdmin()) {
            throw ApiException.forbidden("only an admin token may change the configuration");
        }
        JsonNode body = routes.body(ctx);
        routes.reply(ctx, () -> config.update(body));
    }
}
