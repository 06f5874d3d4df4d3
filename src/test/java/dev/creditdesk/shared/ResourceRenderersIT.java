package dev.creditdesk.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.shared.events.EventType;
import dev.creditdesk.shared.events.ResourceRenderer;
import dev.creditdesk.support.IntegrationTest;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every event type's object has exactly one renderer, and none renders what does not exist or another tenant's. */
class ResourceRenderersIT extends IntegrationTest {

    @Autowired
    List<ResourceRenderer> renderers;

    @Test
    void eachObjectTypeHasOneRendererThatFindsNothingForAnUnknownId() {
        List<String> rendered = renderers.stream().map(ResourceRenderer::objectType).toList();
        assertThat(rendered).doesNotHaveDuplicates();
        assertThat(rendered).containsAll(Arrays.stream(EventType.values()).map(EventType::objectType).toList());
        TestTenant tenant = newTenant();
        for (ResourceRenderer renderer : renderers) {
            assertThat(renderer.render(tenant.id(), UUID.randomUUID().toString())).as(renderer.objectType()).isEmpty();
            assertThat(renderer.render(tenant.id(), "not-an-id")).as(renderer.objectType()).isEmpty();
        }
    }

    @Test
    void aRendererShowsNoOtherTenantsResource() {
        TestTenant owner = newTenant();
        UUID account = newAccount(owner);
        String block = grant(owner, account, 10).text("id");
        TestTenant other = newTenant();
        ResourceRenderer blocks = renderers.stream().filter(r -> r.objectType().equals("credit_block")).findFirst()
                .orElseThrow();
        assertThat(blocks.render(owner.id(), block)).isPresent();
        assertThat(blocks.render(other.id(), block)).isEmpty();
        ResourceRenderer entitlements = renderers.stream().filter(r -> r.objectType().equals("entitlements"))
                .findFirst().orElseThrow();
        assertThat(entitlements.render(owner.id(), account.toString())).isPresent();
        assertThat(entitlements.render(other.id(), account.toString())).isEmpty();
    }
}
