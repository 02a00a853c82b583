package org.simgate.gateway.config;

import org.simgate.front.config.ConfigError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.simgate.aka.suci.ProtectionScheme;
import org.simgate.transport.Hex;

/** {@code simgate.suci}: home network keys globally and per slot, routing indicator, MNC length fallback. */
class SuciConfigTest {
    private static final String A_PUBLIC = "5a8d38864820197c3394b92613b20b91633cbd897119273bf8e4a6f4eec0a650";
    private static final String B_PUBLIC = "0272da71976234ce833a6907425867b82e074d44ef907dfb4b3e21c1c2256ebcd1";

    private static SuciConfig load(String hocon) {
        return GatewayConfig.from(ConfigFactory.parseString("simgate.suci { " + hocon + " }")
                .withFallback(ConfigFactory.parseResources("application.conf")).resolve()).suci();
    }

    @Test
    void noSectionMeansNothingConfigured() {
        SuciConfig none = GatewayConfig.from(ConfigFactory.parseResources("application.conf").resolve()).suci();
        assertNull(none.key(0, 1));
        assertNull(none.slot(0).mncLength());
        assertNull(none.slot(0).routingIndicator());
    }

    @Test
    void aSlotsKeyWinsOverTheGlobalKeyOfTheSameId() {
        SuciConfig suci = load("home-network-keys = [ { id = 1, scheme = 1, public-key = \"" + A_PUBLIC + "\" } ]\n"
                + "slots = [ { slot = 3, routing-indicator = \"0012\", mnc-length = 3,"
                + " home-network-keys = [ { id = 1, scheme = 2, public-key = \"" + B_PUBLIC + "\" } ] } ]");

        assertEquals(ProtectionScheme.PROFILE_A, suci.key(0, 1).scheme());
        assertEquals(A_PUBLIC, Hex.lower(suci.key(0, 1).publicKey()));
        assertEquals(ProtectionScheme.PROFILE_B, suci.key(3, 1).scheme());
        assertEquals(B_PUBLIC, Hex.lower(suci.key(3, 1).publicKey()));
        assertEquals("0012", suci.slot(3).routingIndicator());
        assertEquals(3, suci.slot(3).mncLength());
        assertNull(suci.key(3, 2));
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("home-network-keys = [ { id = 1, scheme = 3, public-key = \"" + A_PUBLIC + "\" } ]",
                        "simgate.suci.home-network-keys[0].scheme: must be between 1 and 2"),
                Arguments.of("home-network-keys = [ { id = 1, scheme = 1, public-key = \"" + B_PUBLIC + "\" } ]",
                        "simgate.suci.home-network-keys[0].public-key: a Profile A (X25519) public key is 32 bytes, got 33"),
                Arguments.of("home-network-keys = [ { id = 1, scheme = 2, public-key = \"" + A_PUBLIC + "\" } ]",
                        "simgate.suci.home-network-keys[0].public-key: the home network public key is not a P-256 point:"
                                + " 32 bytes, expected 33 or 65"),
                // free5gc's invalid-curve test point
                Arguments.of("home-network-keys = [ { id = 1, scheme = 2, public-key = \"0434a66778799d52fedd9326db4b690d"
                                + "092e05c9ba0ace5b413dafc0a40aa28ee00a79f790fa4da6a2ece892423adb130dc1b30e270b7d0088bdd716b938"
                                + "94891d\" } ]",
                        "simgate.suci.home-network-keys[0].public-key: the home network public key is not a point on P-256"),
                Arguments.of("home-network-keys = [ { id = 1, scheme = 1, public-key = \"xx\" } ]",
                        "simgate.suci.home-network-keys[0].public-key: must be hex (0-9, a-f)"),
                Arguments.of("home-network-keys = [ { id = 1, scheme = 1, public-key = \"" + A_PUBLIC + "\" },"
                                + " { id = 1, scheme = 1, public-key = \"" + A_PUBLIC + "\" } ]",
                        "simgate.suci.home-network-keys[1].id: key id 1 is set twice"),
                Arguments.of("home-network-keys = [ { id = 256, scheme = 1, public-key = \"" + A_PUBLIC + "\" } ]",
                        "simgate.suci.home-network-keys[0].id: must be between 0 and 255"),
                Arguments.of("home-network-keys = { id = 1 }",
                        "simgate.suci.home-network-keys: must be a list of objects [ { … } ]"),
                Arguments.of("slots = [ { slot = 0, routing-indicator = \"12345\" } ]",
                        "simgate.suci.slots[0].routing-indicator: must be 1 to 4 digits"),
                Arguments.of("slots = [ { slot = 0, mnc-length = 4 } ]",
                        "simgate.suci.slots[0].mnc-length: must be between 2 and 3"),
                Arguments.of("slots = [ { slot = 0 }, { slot = 0 } ]",
                        "simgate.suci.slots[1].slot: slot 0 is set twice"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badConfigs")
    void aBadSuciConfigIsOneLineNamingTheKey(String hocon, String message) {
        ConfigError e = assertThrows(ConfigError.class, () -> load(hocon));
        assertEquals(message, e.getMessage());
    }
}
