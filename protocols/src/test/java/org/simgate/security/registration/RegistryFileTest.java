package org.simgate.security.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryFileTest {
    private static final URI BASE = URI.create("https://gw.example:8081");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T09:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path stateDir;

    @Test
    void aCorruptFileStopsTheRegistryWithoutQuotingIt() throws IOException {
        DeviceRegistry registry = DeviceRegistry.open(stateDir, BASE, CLOCK);
        Registration registration = registry.create("alice-phone");
        registered(registry, registration);
        Path file = registry.file();
        String good = Files.readString(file);

        Map<String, String> corruptions = Map.of(
                good.substring(0, good.length() / 2), "not the expected JSON at line",
                good.replace("simgate-device-registry 1", "something else"), "format is not",
                good.replace("\"nonce\"", "\"nonse\""), "not the expected JSON",
                good.replace("-----BEGIN PUBLIC KEY-----", "-----BEGIN PUBLIC KEY-----AAAA"), "has no P-384 public_key",
                good.replace("\"key_id\" : \"dev-", "\"key_id\" : \"key-"), "no valid serial and key_id");
        for (Map.Entry<String, String> corruption : corruptions.entrySet()) {
            Files.writeString(file, corruption.getKey());
            IOException e = assertThrows(IOException.class, () -> DeviceRegistry.open(stateDir, BASE, CLOCK));
            assertTrue(e.getMessage().contains(corruption.getValue()), e.getMessage());
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertFalse(e.getMessage().contains(registration.nonce().substring(0, 12)), e.getMessage());
        }
    }

    @Test
    void noFileIsAnEmptyRegistryAndTheDirectoryIsCreated() throws IOException {
        DeviceRegistry registry = DeviceRegistry.open(stateDir.resolve("a/b"), BASE, CLOCK);

        assertTrue(registry.devices().isEmpty());
        assertTrue(registry.pending().isEmpty());
        assertFalse(Files.exists(registry.file()), "nothing is written until something changes");
        registry.create("alice-phone");
        assertEquals(1, DeviceRegistry.open(stateDir.resolve("a/b"), BASE, CLOCK).pending().size());
    }

    private static void registered(DeviceRegistry registry, Registration registration) throws IOException {
        FinalizeOutcome outcome = registry.finalizeRegistration(DeviceEnrollment.start(registration.enrollmentUrl())
                .finalizeRequest(null, null, null));
        assertTrue(outcome instanceof FinalizeOutcome.Registered, outcome.toString());
        registry.create("bob-laptop");
    }
}
