package dev.creditdesk.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/** One WireMock server per test JVM standing in for api.stripe.com; the real stripe-java client talks to it. */
public final class StripeServer {

    private static WireMockServer server;

    private StripeServer() {
    }

    public static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "stripe-wiremock-stop"));
        }
        return server;
    }

    public static String url() {
        return "http://localhost:" + server().port();
    }
}
