package dev.creditdesk;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Modules talk through their root packages only, and their dependencies form no cycle. */
class ModularityTest {

    @Test
    void modulesStayInBounds() {
        ApplicationModules.of(CreditdeskApplication.class).verify();
    }
}
