package io.omninode.bridge.proxy;

/**
 * What the proxy knows of one registered instance, from the registry and health topics.
 *
 * @param service    the service name
 * @param instanceId the instance
 * @param host       registered host
 * @param port       registered port
 * @param toolPath   path template for tool calls, {@code /tools/{tool_name}} unless the
 *                   registration's {@code metadata.tool_path} overrides it
 * @param status     healthy, degraded, unhealthy or stopped
 * @param loadFactor last heartbeat's {@code load_factor} (0 when unknown)
 */
public record TargetInstance(String service, String instanceId, String host, int port, String toolPath,
                             String status, double loadFactor) {

    public static final String DEFAULT_TOOL_PATH = "/tools/{tool_name}";

    public TargetInstance withStatus(String newStatus) {
        return new TargetInstance(service, instanceId, host, port, toolPath, newStatus, loadFactor);
    }

    public TargetInstance withHeartbeat(String newStatus, double newLoad) {
        return new TargetInstance(service, instanceId, host, port, toolPath, newStatus, newLoad);
    }

    /** The path of {@code tool} on this instance. */
    public String pathFor(String tool) {
        return toolPath.replace("{tool_name}", tool);
    }
}
