package org.simgate.security.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.simgate.security.access.Operation;
import org.simgate.security.access.RateLimit;

class AuthConfigTest {

    static AuthConfig bind(String hocon) {
        return AuthConfig.fromRoot(ConfigFactory.parseString(hocon).resolve());
    }

    static String error(String hocon) {
        return assertThrows(AuthConfigError.class, () -> bind(hocon)).getMessage();
    }

    @Test
    void noSectionMeansTheDefaults() {
        AuthConfig config = bind("simgate { }");
        assertFalse(config.required());
        assertNull(config.keysFile());
        assertEquals(Duration.ofSeconds(300), config.window());
        assertEquals(2_000_000, config.nonceCacheSize());
        assertNull(config.akaRateLimit());
        assertFalse(config.policy().allows("anyone", 0, Operation.INFO));
    }

    @Test
    void theDocumentedExampleBinds() {
        AuthConfig config = bind("""
                simgate.auth {
                  required = true
                  keys-file = "/etc/simgate/keys.conf"
                  keys-reload = 5s
                  window = 120s
                  nonce-cache-size = 50000
                  rate-limit { per-second = 20, burst = 40 }
                  clients {
                    lab-a { slots = [0, 1], operations = [aka, info] }
                    ops { slots = "*", operations = [info, admin], rate-limit { per-second = 0.5 } }
                    relay-box { slots = ["*"], operations = [relay, apdu] }
                  }
                }
                """);
        assertTrue(config.required());
        assertEquals(Path.of("/etc/simgate/keys.conf"), config.keysFile());
        assertEquals(Duration.ofSeconds(5), config.keysReload());
        assertEquals(Duration.ofSeconds(120), config.window());
        assertEquals(50_000, config.nonceCacheSize());
        assertEquals(new RateLimit(20, 40), config.akaRateLimit());
        assertEquals(Set.of(0, 1), config.policy().client("lab-a").orElseThrow().slots());
        assertTrue(config.policy().allows("ops", 7, Operation.ADMIN));
        assertEquals(new RateLimit(0.5, 1), config.policy().client("ops").orElseThrow().akaRateLimit());
        assertTrue(config.policy().allows("relay-box", 3, Operation.RELAY));
        assertFalse(config.policy().allows("lab-a", 0, Operation.APDU));
    }

    @Test
    void errorsNameTheKey() {
        assertEquals("simgate.auth.window: must be a duration between 1s and 1h", error("simgate.auth.window = 2h"));
        assertEquals("simgate.auth.window: must be a duration such as 300s or 5m", error("simgate.auth.window = soon"));
        assertEquals("simgate.auth.nonce-cache-size: must be between 1 and 10000000",
                error("simgate.auth.nonce-cache-size = 0"));
        assertEquals("simgate.auth.required: must be true or false", error("simgate.auth.required = maybe"));
        assertEquals("simgate.auth.clients.lab-a.operations: must be a list of aka, info, apdu, relay, admin, auc",
                error("simgate.auth.clients.lab-a { slots = [0], operations = [aka, root] }"));
        assertEquals("simgate.auth.clients.lab-a.operations: missing (a list of aka, info, apdu, relay, admin, auc)",
                error("simgate.auth.clients.lab-a { slots = [0] }"));
        assertEquals("simgate.auth.clients.lab-a.slots: must be a list of slot ids (0 to 65535), or \"*\"",
                error("simgate.auth.clients.lab-a { slots = [-1], operations = [aka] }"));
        assertEquals("simgate.auth.clients.lab-a.slots: missing (a list of slot ids, or \"*\")",
                error("simgate.auth.clients.lab-a { operations = [aka] }"));
        assertEquals("simgate.auth.rate-limit.per-second: must be between 0.001 and 1000000",
                error("simgate.auth.rate-limit { per-second = 0 }"));
        assertEquals("simgate.auth.clients.x.rate-limit.burst: must be between 1 and 1000000",
                error("simgate.auth.clients.x { slots = [0], operations = [aka], rate-limit { per-second = 1, burst = 0 } }"));
        assertEquals("simgate.auth: must be an object { … }", error("simgate.auth = 3"));
    }
}
