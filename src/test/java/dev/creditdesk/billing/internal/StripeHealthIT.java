package dev.creditdesk.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.contributor.Status;

/**
 * Health components: the database and mail (Boot's) and Stripe (from the outcome of real refund
 * calls). Stripe unreachable turns its component DOWN, and neither the liveness nor the readiness
 * probe flips: nodes stay in service while refunds wait to be retried.
 */
class StripeHealthIT extends IntegrationTest {

    @Autowired
    StripeHealth stripe;
    @Autowired
    HealthEndpoint health;

    @Test
    void theDatabaseMailAndStripeAreComponents() {
        CompositeHealthDescriptor all = (CompositeHealthDescriptor) health.health();
        assertThat(all.getComponents()).containsKeys("db", "mail", "stripe", "livenessState", "readinessState");
        assertThat(all.getComponents().get("db").getStatus()).isEqualTo(Status.UP);
        assertThat(all.getComponents().get("mail").getStatus()).as("GreenMail answers").isEqualTo(Status.UP);
    }

    @Test
    void stripeUnreachableShowsInItsComponentButNeitherProbeFlips() {
        try {
            for (int i = 0; i < StripeHealth.DOWN_AFTER; i++) {
                stripe.unavailable("HTTP 503");
            }
            IndicatedHealthDescriptor component = (IndicatedHealthDescriptor) health.healthForPath("stripe");
            assertThat(component.getStatus()).isEqualTo(Status.DOWN);
            assertThat(component.getDetails()).containsEntry("last_problem", "HTTP 503")
                    .containsEntry("unavailable_in_a_row", StripeHealth.DOWN_AFTER);
            Api.Response readiness = api.get("/actuator/health/readiness", null);
            assertThat(readiness.status()).isEqualTo(200);
            assertThat(readiness.text("status")).isEqualTo("UP");
            Api.Response liveness = api.get("/actuator/health/liveness", null);
            assertThat(liveness.status()).isEqualTo(200);
            assertThat(liveness.text("status")).isEqualTo("UP");
        } finally {
            stripe.reached();
        }
        assertThat(health.healthForPath("stripe").getStatus()).as("one call that reaches Stripe").isEqualTo(Status.UP);
    }
}
