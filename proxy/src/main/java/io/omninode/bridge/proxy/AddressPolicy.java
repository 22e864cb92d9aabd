package io.omninode.bridge.proxy;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which targets the proxy refuses to call (DESIGN.md §7): link-local and cloud-metadata ranges by
 * default, any configured CIDR, and the bridge's own listeners and agents ({@link Listener}: its HTTP
 * port, Kafka, the KRaft controller, the Consul agent), whatever a registration says. A refused
 * target is never connected to. Loopback and private ranges are otherwise allowed (services usually
 * live there); add them to the deny list to forbid them.
 */
public final class AddressPolicy {

    /** Always refused: "this network", link-local (incl. 169.254.169.254 metadata), multicast, metadata hosts. */
    public static final List<String> DEFAULT_DENY = List.of("0.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4",
            "255.255.255.255/32", "100.100.100.200/32", "fe80::/10", "fd00:ec2::254/128", "ff00::/8");

    private record Cidr(byte[] network, int prefix, String text) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    /**
     * An endpoint of the bridge itself or of an agent it uses, never a proxy target: a target on
     * {@code port} at any address of {@code host} is refused, and when {@code host} is one of this
     * machine's addresses (or the wildcard a listener binds to), at any address of this machine.
     *
     * @param name what it is, for the refusal ("the bridge's HTTP API")
     */
    public record Listener(String name, String host, int port) {
    }

    /** A listener with its addresses, resolved once. */
    private record Guarded(Listener listener, Set<InetAddress> addresses, boolean local) {
    }

    private final List<Cidr> deny = new ArrayList<>();
    private final List<Guarded> listeners = new ArrayList<>();
    /** This machine's addresses (loopback and wildcard aside), read once when the policy is built. */
    private final Set<InetAddress> localAddresses;

    /** @param extraDeny additional CIDRs (e.g. {@code 10.0.0.0/8}); a bad entry throws {@link IllegalArgumentException} */
    public AddressPolicy(List<String> extraDeny) {
        this(extraDeny, List.of());
    }

    /**
     * @param extraDeny additional CIDRs
     * @param listeners the bridge's own listeners and agents; their host names are resolved now
     */
    public AddressPolicy(List<String> extraDeny, List<Listener> listeners) {
        DEFAULT_DENY.forEach(c -> deny.add(parse(c)));
        extraDeny.forEach(c -> deny.add(parse(c.trim())));
        this.localAddresses = listeners.isEmpty() ? Set.of() : interfaceAddresses();
        for (Listener listener : listeners) {
            Set<InetAddress> addresses = new HashSet<>(resolve(listener.host()));
            this.listeners.add(new Guarded(listener, addresses, addresses.stream().anyMatch(this::isLocal)));
        }
    }

    /**
     * The reason {@code host:port} may not be called, or null when it may: a denied address
     * ({@link #refusal(String)}) or one of the bridge's own listeners. {@code host} is resolved once.
     */
    public String refusal(String host, int port) {
        List<InetAddress> targets = resolve(host);
        if (targets.isEmpty()) {
            return "host " + host + " does not resolve";
        }
        String denied = deniedRange(host, targets);
        if (denied != null) {
            return denied;
        }
        for (Guarded guarded : listeners) {
            if (guarded.listener().port() != port) {
                continue;
            }
            for (InetAddress target : targets) {
                if (guarded.addresses().contains(target) || guarded.local() && isLocal(target)) {
                    return host + ":" + port + " is " + guarded.listener().name();
                }
            }
        }
        return null;
    }

    /**
     * The reason {@code host} may not be called, or null when it may. Host names are resolved
     * (a name resolving to any denied address is refused); nothing is connected to.
     */
    public String refusal(String host) {
        List<InetAddress> targets = resolve(host);
        return targets.isEmpty() ? "host " + host + " does not resolve" : deniedRange(host, targets);
    }

    private String deniedRange(String host, List<InetAddress> addresses) {
        for (InetAddress address : addresses) {
            for (Cidr cidr : deny) {
                if (cidr.contains(address.getAddress())) {
                    return "address " + address.getHostAddress() + " of " + host + " is in the denied range " + cidr.text();
                }
            }
        }
        return null;
    }

    private static List<InetAddress> resolve(String host) {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            return List.of();
        }
    }

    /** Loopback, the wildcard, or an address of one of this machine's interfaces. */
    private boolean isLocal(InetAddress address) {
        return address.isLoopbackAddress() || address.isAnyLocalAddress() || localAddresses.contains(address);
    }

    private static Set<InetAddress> interfaceAddresses() {
        Set<InetAddress> out = new HashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                out.addAll(Collections.list(nic.getInetAddresses()));
            }
        } catch (SocketException e) {
            // no interface list: loopback and wildcard still count as local
        }
        return Set.copyOf(out);
    }

    private static Cidr parse(String cidr) {
        String[] parts = cidr.split("/", 2);
        try {
            if (parts.length != 2 || !parts[0].matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException("not a CIDR: " + cidr);
            }
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            int prefix = Integer.parseInt(parts[1]);
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("bad prefix length in " + cidr);
            }
            return new Cidr(network, prefix, cidr);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR: " + cidr, e);
        }
    }
}
