package dev.loyalty.engine;

import dev.loyalty.support.test.LayerRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void theRulesLiveInAPlainJavaDomainThatNoLayerBypasses() {
        LayerRules.check("dev.loyalty.engine");
    }
}
