package org.simgate.security.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The worked example of docs/registration.md. */
class RegistrationMessageTest {
    static final String PEM = """
            -----BEGIN PUBLIC KEY-----
            MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEAKDFR+Iiur+Jw+GETuRJX1Jo3fl6eNTm
            /IMHJ/8PXJ5CDweRpb1iH41mkkk3ouy+oLLxz4prQLiKwiSrBnJD2nt7IrGhG0RD
            QuW4aeK7wLQJK519FCxMhNz9/x6qnoeK
            -----END PUBLIC KEY-----
            """;

    @Test
    void theMessageIsEightFieldsBetweenPipesWithAbsentOnesEmpty() {
        byte[] message = RegistrationMessage.of("6f1c9a0e4b7d2a58c3e0f9b1d4a7c2e5f8b3d6a9", Instant.parse("2026-11-24T09:00:00Z"),
                "SGDEV1A2B3C4D", "https://gw.example:8081/admin/v1/devices/finalize", "Raspberry Pi", "4B", null, PEM);

        assertEquals("6f1c9a0e4b7d2a58c3e0f9b1d4a7c2e5f8b3d6a9|2026-11-24T09:00:00Z|SGDEV1A2B3C4D"
                + "|https://gw.example:8081/admin/v1/devices/finalize|Raspberry Pi|4B||-----BEGIN PUBLIC KEY-----\n"
                + "MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEAKDFR+Iiur+Jw+GETuRJX1Jo3fl6eNTm\n"
                + "/IMHJ/8PXJ5CDweRpb1iH41mkkk3ouy+oLLxz4prQLiKwiSrBnJD2nt7IrGhG0RD\n"
                + "QuW4aeK7wLQJK519FCxMhNz9/x6qnoeK\n"
                + "-----END PUBLIC KEY-----\n", new String(message, StandardCharsets.UTF_8));
    }

    @Test
    void everyOptionalFieldAbsentLeavesThreeEmptyFields() {
        byte[] message = RegistrationMessage.of("6f1c9a0e4b7d2a58c3e0f9b1d4a7c2e5f8b3d6a9", Instant.parse("2026-11-24T09:00:00Z"),
                "SGDEV1A2B3C4D", "https://gw.example:8081/admin/v1/devices/finalize", null, "", null, "PEM");

        assertEquals("6f1c9a0e4b7d2a58c3e0f9b1d4a7c2e5f8b3d6a9|2026-11-24T09:00:00Z|SGDEV1A2B3C4D"
                + "|https://gw.example:8081/admin/v1/devices/finalize||||PEM", new String(message, StandardCharsets.UTF_8));
    }

    @Test
    void theTimestampIsUtcToTheSecond() {
        assertEquals("2026-11-24T09:00:00Z", RegistrationMessage.timestamp(Instant.parse("2026-11-24T09:00:00Z")));
    }

    @Test
    void theExamplePemIsAP384Key() {
        assertEquals(true, Pem.p384PublicKey(PEM).isPresent());
        assertEquals(PEM, Pem.publicKey(Pem.p384PublicKey(PEM).orElseThrow()));
    }
}
