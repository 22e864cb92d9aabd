package io.omninode.bridge.ingest.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.omninode.bridge.http.auth.Principal;
import io.omninode.bridge.http.WriteRoutes;

/** Registry write routes: service register/heartbeat/deregister and tool registration. */
public final class RegistryController {

    private final WriteRoutes routes;
    private final RegistryService registry;

    public RegistryController(WriteRoutes routes, RegistryService registry) {
        this.routes = routes;
        this.registry = registry;
    }

    public void register(RoutesConfig config) {
        config.post("/registry/services", this::registerService);
        config.put("/registry/services/{registration_id}", this::heartbeat);
        config.delete("/registry/services/{registration_id}", this::deregister);
        config.post("/registry/tools", this::registerTool);
    }

    private void registerService(Context ctx) {
        Principal principal = routes.writer(ctx, 1);
        JsonNode body = routes.body(ctx);
        routes.reply(ctx, () -> registry.register(principal, body, WriteRoutes.meta(ctx)));
    }

    private void heartbeat(Context ctx) {
        Principal principal = routes.writer(ctx, 1);
        JsonNode body = routes.body(ctx);
        String id = ctx.pathParam("registration_id");
        routes.reply(ctx, () -> registry.heartbeat(principal, id, body, WriteRoutes.meta(ctx)));
    }

    private void deregister(Context ctx) {
        Principal principal = routes.writer(ctx, 1);
        String id = ctx.pathParam("registration_id");
        routes.reply(ctx, () -> registry.deregister(principal, id, WriteRoutes.meta(ctx)));
    }

    private void registerTool(Context ctx) {
        Principal principal = routes.writer(ctx, 1);
        JsonNode body = routes.body(ctx);
        routes.reply(ctx, () -> registry.registerTool(principal, body, WriteRoutes.meta(ctx)));
    }
}
