package io.omninode.bridge.proxy;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

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

    private final List<Cidr> deny = new ArrayList<>();
    private final List<Listener> listeners;

    /** @param extraDeny additional CIDRs (e.g. {@code 10.0.0.0/8}); a bad entry throws {@link IllegalArgumentException} */
    public AddressPolicy(List<String> extraDeny) {
        this(extraDeny, List.of());
    }

    /**
     * @param extraDeny additional CIDRs
     * @param listeners the bridge's own listeners and agents
     */
    public AddressPolicy(List<String> extraDeny, List<Listener> listeners) {
        DEFAULT_DENY.forEach(c -> deny.add(parse(c)));
        extraDeny.forEach(c -> deny.add(parse(c.trim())));
        this.listeners = List.copyOf(listeners);
    }

    /**
     * The reason {@code host:port} may not be called, or null when it may: a denied address
     * ({@link #refusal(String)}) or one of the bridge's own listeners.
     */
    public String refusal(String host, int port) {
        String refusal = refusal(host);
        if (refusal != null) {
            return refusal;
        }
        for (Listener listener : listeners) {
            if (listener.port() == port && sameHost(host, listener.host())) {
                return host + ":" + port + " is " + listener.name();
            }
        }
        return null;
    }

    private static boolean sameHost(String target, String listener) {
        InetAddress[] targets;
        InetAddress[] listenerAddresses;
        try {
            targets = InetAddress.getAllByName(target);
            listenerAddresses = InetAddress.getAllByName(listener);
        } catch (UnknownHostException e) {
            return false;
        }
        boolean listenerLocal = false;
        for (InetAddress l : listenerAddresses) {
            listenerLocal |= isLocal(l);
            for (InetAddress t : targets) {
                if (t.equals(l)) {
                    return true;
                }
            }
        }
        if (listenerLocal) {
            for (InetAddress t : targets) {
                if (isLocal(t)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Loopback, the wildcard, or an address of one of this machine's interfaces. */
    private static boolean isLocal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    /**
     * The reason {@code host} may not be called, or null when it may. Host names are resolved
     * (a name resolving to any denied address is refused); nothing is connected to.
     */
    public String refusal(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return "host " + host + " does not resolve";
        }
        for (InetAddress address : addresses) {
            for (Cidr cidr : deny) {
                if (cidr.contains(address.getAddress())) {
                    return "address " + address.getHostAddress() + " of " + host + " is in the denied range " + cidr.text();
                }
            }
        }
        return null;
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
