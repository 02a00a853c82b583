package org.simgate.security.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnrollmentUrlTest {
    static final String EXAMPLE = "simgate-enroll://register?serial=SGDEV1A2B3C4D"
            + "&nonce=6f1c9a0e4b7d2a58c3e0f9b1d4a7c2e5f8b3d6a9&time=2026-11-24T09%3A00%3A00Z&ttl=600"
            + "&url=https%3A%2F%2Fgw.example%3A8081%2Fadmin%2Fv1%2Fdevices%2Ffinalize&client=alice-phone&passphrase=1";

    @Test
    void theUrlCarriesEveryFieldTheDeviceSignsAndWhereToSendIt() {
        EnrollmentUrl url = EnrollmentUrl.parse(EXAMPLE);

        assertEquals("SGDEV1A2B3C4D", url.serial());
        assertEquals("6f1c9a0e4b7d2a58c3e0f9b1d4a7c2e5f8b3d6a9", url.nonce());
        assertEquals(Instant.parse("2026-11-24T09:00:00Z"), url.timestamp());
        assertEquals(Duration.ofMinutes(10), url.ttl());
        assertEquals(Instant.parse("2026-11-24T09:10:00Z"), url.expiresAt());
        assertEquals("https://gw.example:8081/admin/v1/devices/finalize", url.finalizeUrl());
        assertEquals("alice-phone", url.client());
        assertTrue(url.passphraseRequired());
        assertEquals("dev-SGDEV1A2B3C4D", url.keyId());
        assertEquals(EXAMPLE, url.uri());
    }

    @Test
    void parametersInAnyOrderAndUnknownOnesAreRead() {
        EnrollmentUrl url = EnrollmentUrl.parse("simgate-enroll://register?client=alice-phone&color=blue"
                + "&url=https%3A%2F%2Fgw.example%2Fadmin%2Fv1%2Fdevices%2Ffinalize&ttl=60&time=2026-11-24T09:00:00Z"
                + "&nonce=6f1c9a0e4b7d2a58c3e0f9b1d4a7c2e5f8b3d6a9&serial=SGDEV1A2B3C4D");

        assertEquals("SGDEV1A2B3C4D", url.serial());
        assertFalse(url.passphraseRequired());
    }

    @Test
    void aBrokenUrlIsRefusedNamingTheParameterNotItsValue() {
        Map<String, String> cases = Map.of(
                EXAMPLE.replace("simgate-enroll", "https"), "not a simgate enrollment URL",
                EXAMPLE.replace("serial=SGDEV1A2B3C4D", "serial=SGDEVsecret"), "serial",
                EXAMPLE.replace("nonce=6f1c", "nonce=6F1C"), "nonce",
                EXAMPLE.replace("&ttl=600", "&ttl=secret"), "ttl",
                EXAMPLE.replace("&ttl=600", "&ttl=0"), "ttl",
                EXAMPLE.replace("time=2026-11-24T09%3A00%3A00Z", "time=secret"), "time",
                EXAMPLE.replace("&client=alice-phone", ""), "no client",
                EXAMPLE.replace("passphrase=1", "passphrase=secret"), "passphrase",
                EXAMPLE + "&serial=SGDEV00000000", "serial appears twice",
                EXAMPLE.replace("url=https", "url=ftp"), "url");
        cases.forEach((uri, expected) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnrollmentUrl.parse(uri));
            assertTrue(e.getMessage().contains(expected), e.getMessage());
            assertFalse(e.getMessage().contains("secret"), e.getMessage());
        });
    }
}
