package dev.creditdesk.shared;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Which addresses a tenant may make Creditdesk connect to (webhook receivers, support mailboxes):
 * public internet addresses only. A host a tenant chooses could otherwise reach what only
 * Creditdesk's network can see (a cloud metadata service at 169.254.169.254, the database, an
 * admin port on localhost). Not public: loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7),
 * link-local, carrier-grade NAT (100.64/10), unspecified, multicast, the reserved IPv4 blocks
 * (0/8, 192.0.0/24, 198.18/15, 240/4), and IPv4-mapped IPv6 forms of all of these.
 */
public final class PublicAddresses {

    private PublicAddresses() {
    }

    /**
     * The first address {@code host} resolves to that is not public; empty when all are, or when the
     * name does not resolve (the connection then fails on its own).
     */
    public static Optional<InetAddress> firstNonPublic(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!isPublic(address)) {
                    return Optional.of(address);
                }
            }
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code address} is a public internet address. */
    public static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return !(first == 0 || first >= 240
                    || (first == 100 && second >= 64 && second < 128)
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0)
                    || (first == 198 && (second == 18 || second == 19)));
        }
        if (address instanceof Inet6Address) {
            boolean uniqueLocal = (b[0] & 0xfe) == 0xfc;
            boolean ipv4Mapped = isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            if (ipv4Mapped) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            return !uniqueLocal;
        }
        return false;
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
