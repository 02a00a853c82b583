package org.simgate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.simgate.front.FrontType;

/** The fronts are found by their registration line alone, and start in their order. */
class FrontTypesTest {

    @Test
    void everyShippedFrontIsRegisteredAndTheyStartInTheirOrder() {
        assertEquals(List.of("rest", "line", "management", "vpcd-relay", "unix", "remsim-bankd"),
                FrontTypes.all().stream().map(FrontType::name).toList());
        assertEquals(List.of(100, 300, 400, 500, 600, 700), FrontTypes.all().stream().map(FrontType::order).toList());
    }

    @Test
    void aConfigHoldsOneRecordPerFrontInTheSameOrder() {
        GatewayConfig config = GatewayConfig.load(null);
        assertEquals(FrontTypes.all(), config.fronts().stream().map(ConfiguredFront::type).toList());
        assertEquals(config.line(), config.front("line").config());
    }
}
