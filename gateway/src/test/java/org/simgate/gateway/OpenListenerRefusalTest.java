package org.simgate.gateway;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.simgate.front.config.ConfigError;
import org.simgate.gateway.config.GatewayConfig;

/** The secure default: beyond loopback, no authentication means no start unless the config says so. */
class OpenListenerRefusalTest {

    private static GatewayConfig config(String hocon) {
        return GatewayConfig.from(ConfigFactory.parseString(hocon)
                .withFallback(ConfigFactory.parseResources("application.conf")).resolve());
    }

    @Test
    void theDefaultsListenOnLoopbackAndStart() {
        assertDoesNotThrow(() -> Gateway.refuseOpenListenersWithoutAuth(config("")));
    }

    @Test
    void anOpenListenerWithoutAuthenticationIsRefusedNamingTheListeners() {
        ConfigError e = assertThrows(ConfigError.class, () -> Gateway.refuseOpenListenersWithoutAuth(
                config("simgate.http.bind = \"0.0.0.0\"\nsimgate.line.bind = \"192.0.2.7\"")));
        assertEquals("simgate.auth.required: simgate.http, simgate.line listen beyond this host with no client "
                + "authentication: set simgate.auth.required = true with keys (docs/security.md), or = false to "
                + "accept that anyone who reaches them uses every card", e.getMessage());
    }

    @Test
    void anExplicitRequiredFalseLetsItStart() {
        assertDoesNotThrow(() -> Gateway.refuseOpenListenersWithoutAuth(
                config("simgate.http.bind = \"0.0.0.0\"\nsimgate.auth.required = false")));
    }

    @Test
    void requiredAuthenticationLetsItStart() {
        assertDoesNotThrow(() -> Gateway.refuseOpenListenersWithoutAuth(
                config("simgate.management.bind = \"0.0.0.0\"\nsimgate.auth.required = true")));
    }
}
