package io.omninode.bridge.ingest.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.omninode.bridge.http.auth.Principal;
import io.omninode.bridge.http.WriteRoutes;

/** {@code POST /hooks/…}: the four hook endpoints and the batch endpoint. */
public final class HookController {

    private final WriteRoutes routes;
    private final HookService hooks;
    private final BatchService batches;

    public HookController(WriteRoutes routes, HookService hooks, BatchService batches) {
        this.routes = routes;
        this.hooks = hooks;
        this.batches = batches;
    }

    public void register(RoutesConfig config) {
        for (HookKind kind : HookKind.values()) {
            config.post(kind.path(), ctx -> hook(ctx, kind));
        }
        config.post("/hooks/batch", this::batch);
    }

    private void hook(Context ctx, HookKind kind) {
        Principal principal = routes.writer(ctx, 1);
        JsonNode body = routes.body(ctx);
        routes.reply(ctx, () -> hooks.submit(principal, kind, body, WriteRoutes.meta(ctx)));
    }

    private void batch(Context ctx) {
        Principal principal = routes.writer(ctx);
        JsonNode body = routes.body(ctx);
        routes.charge(principal, BatchService.itemCount(body));
        routes.reply(ctx, () -> batches.submit(principal, body, WriteRoutes.meta(ctx)));
    }
}
