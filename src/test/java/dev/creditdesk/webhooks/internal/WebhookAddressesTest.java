package dev.creditdesk.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.shared.PublicAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class WebhookAddressesTest {

    private static boolean isPublic(String literal) throws UnknownHostException {
        return PublicAddresses.isPublic(InetAddress.getByName(literal));
    }

    @Test
    void onlyPublicAddressesReceiveWebhooks() throws UnknownHostException {
        for (String inside : new String[] {"127.0.0.1", "127.8.9.10", "10.0.0.5", "172.16.0.1", "172.31.255.254",
                "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.254", "0.0.0.0", "0.1.2.3",
                "192.0.0.8", "198.18.0.1", "198.19.255.255", "224.0.0.1", "240.0.0.1", "255.255.255.255",
                "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1"}) {
            assertThat(isPublic(inside)).as(inside).isFalse();
        }
        for (String outside : new String[] {"93.184.216.34", "8.8.8.8", "172.15.255.255", "172.32.0.1",
                "100.63.255.255", "100.128.0.1", "198.17.255.255", "198.20.0.1", "192.0.2.1", "2001:4860:4860::8888",
                "::ffff:8.8.8.8"}) {
            assertThat(isPublic(outside)).as(outside).isTrue();
        }
    }

    @Test
    void aUrlsHostIsJudgedWithoutLookingItUp() {
        assertThat(WebhookAddresses.refuseHost("10.1.2.3", false)).hasValueSatisfying(why ->
                assertThat(why).contains("private, loopback or link-local"));
        assertThat(WebhookAddresses.refuseHost("[::1]", false)).isPresent();
        assertThat(WebhookAddresses.refuseHost("localhost", false)).hasValueSatisfying(why ->
                assertThat(why).contains("this machine"));
        assertThat(WebhookAddresses.refuseHost("admin.localhost", true)).isPresent();
        assertThat(WebhookAddresses.refuseHost("hooks.example.com", false)).isEmpty();
        assertThat(WebhookAddresses.refuseHost("93.184.216.34", false)).isEmpty();
        // development and tests: allow-insecure-urls lets localhost through, and nothing else
        assertThat(WebhookAddresses.refuseHost("localhost", true)).isEmpty();
        assertThat(WebhookAddresses.refuseHost("127.0.0.1", true)).isEmpty();
        assertThat(WebhookAddresses.refuseHost("127.0.0.2", true)).isPresent();
    }

    @Test
    void aDeliveryLooksTheNameUpAndRefusesAnyNonPublicAddress() {
        assertThat(WebhookAddresses.refuseResolved("localhost", false)).isPresent();
        assertThat(WebhookAddresses.refuseResolved("169.254.169.254", false)).hasValueSatisfying(why ->
                assertThat(why).contains("169.254.169.254"));
        assertThat(WebhookAddresses.refuseResolved("localhost", true)).isEmpty();
    }
}
