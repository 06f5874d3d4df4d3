package dev.creditdesk.webhooks.internal;

import dev.creditdesk.shared.PublicAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where webhooks may go: public internet addresses only. A tenant's endpoint URL is chosen by the
 * tenant, so without this check a webhook could reach what only Creditdesk's network can see
 * (a cloud metadata service at 169.254.169.254, the database, an admin port on localhost). Refused:
 * loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local, carrier-grade NAT
 * (100.64/10), unspecified, multicast, and the reserved IPv4 blocks (0/8, 192.0.0/24, 198.18/15,
 * 240/4); names such as {@code localhost}. With {@code allow-insecure-urls} (development, tests),
 * {@code localhost} and 127.0.0.1 are allowed.
 */
public final class WebhookAddresses {

    private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");

    private WebhookAddresses() {
    }

    /** Why a URL's host may not receive webhooks, judged without looking it up; empty if it may. */
    public static Optional<String> refuseHost(String host, boolean allowLocalhost) {
        String name = host.toLowerCase(Locale.ROOT);
        if (allowLocalhost && (name.equals("localhost") || name.equals("127.0.0.1"))) {
            return Optional.empty();
        }
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return Optional.of("must not point to this machine (" + host + ")");
        }
        if (IPV4.matcher(name).matches() || name.startsWith("[")) {
            try {
                // a literal: parsed, never looked up
                InetAddress address = InetAddress.getByName(name.startsWith("[") ? name.substring(1, name.length() - 1) : name);
                return PublicAddresses.isPublic(address) ? Optional.empty()
                        : Optional.of("must not point to a private, loopback or link-local address (" + host + ")");
            } catch (UnknownHostException e) {
                return Optional.of("has a malformed IP address (" + host + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * Why the host may not receive this delivery once looked up (every address it resolves to must
     * be public); empty if it may. A name that does not resolve is left to the HTTP client to fail.
     */
    public static Optional<String> refuseResolved(String host, boolean allowLocalhost) {
        Optional<String> literal = refuseHost(host, allowLocalhost);
        if (literal.isPresent() || (allowLocalhost && (host.equalsIgnoreCase("localhost") || host.equals("127.0.0.1")))) {
            return literal;
        }
        return PublicAddresses.firstNonPublic(host).map(address -> host + " resolves to a non-public address ("
                + address.getHostAddress() + "); webhooks go to public addresses only");
    }
}
