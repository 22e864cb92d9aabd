package io.omninode.bridge.ingest;

import io.javalin.config.RoutesConfig;
import io.omninode.bridge.http.WriteRoutes;
import io.omninode.bridge.ingest.admin.AdminController;
import io.omninode.bridge.ingest.admin.ConfigService;
import io.omninode.bridge.ingest.hooks.BatchService;
import io.omninode.bridge.ingest.hooks.HookController;
import io.omninode.bridge.ingest.hooks.HookNormalizer;
import io.omninode.bridge.ingest.hooks.HookService;
import io.omninode.bridge.ingest.hooks.WriteGuard;
import io.omninode.bridge.ingest.kafka.EventPublisher;
import io.omninode.bridge.ingest.registry.ConsulRegistrations;
import io.omninode.bridge.ingest.registry.RegistrationIndex;
import io.omninode.bridge.ingest.registry.RegistryController;
import io.omninode.bridge.ingest.registry.RegistryService;
import io.omninode.bridge.schemas.SchemaValidator;
import io.omninode.bridge.schemas.Topics;

/**
 * The write routes of this module (DESIGN.md §5): hooks and batches, registry and heartbeats, and
 * {@code PUT /admin/config}, each validated against the schemas and written to Kafka.
 */
public final class IngestRoutes {

    private final HookController hooks;
    private final RegistryController registry;
    private final AdminController admin;

    /**
     * @param routes    authentication, limits and bodies shared with the other write routes
     * @param publisher the producer every accepted request is written with
     * @param index     the registrations this instance knows (heartbeats and deletes look them up)
     * @param consul    whether a registration reached Consul ({@link ConsulRegistrations#NONE} without it)
     */
    public IngestRoutes(WriteRoutes routes, Topics topics, EventPublisher publisher, RegistrationIndex index,
                        ConsulRegistrations consul) {
        WriteGuard guard = new WriteGuard(SchemaValidator.load());
        HookService hookService = new HookService(guard, new HookNormalizer(topics), publisher);
        this.hooks = new HookController(routes, hookService, new BatchService(guard, hookService));
        this.registry = new RegistryController(routes, new RegistryService(guard, publisher, topics, index, consul));
        this.admin = new AdminController(routes, new ConfigService(publisher, topics));
    }

    public void register(RoutesConfig config) {
        hooks.register(config);
        registry.register(config);
        admin.register(config);
    }
}
