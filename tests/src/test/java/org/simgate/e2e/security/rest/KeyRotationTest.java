package org.simgate.e2e.security.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Path;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.security.keys.SharedKey;

/**
 * docs/security.md "Rotating a shared key", over HTTPS against a running gateway: the new key is
 * added to the key file and verifies next to the old one; the old one is removed and is refused;
 * the gateway reads the file again by itself, no restart.
 */
class KeyRotationTest {

    /** Polls until the status is as expected: the key file is re-read every 100 ms in these tests. */
    private static void awaitStatus(int expected, IntSupplier status) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        int seen;
        while ((seen = status.getAsInt()) != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(expected, seen);
    }

    @Test
    void bothKeysVerifyWhileTheNewOneIsAddedThenTheRemovedOneIsRefused(@TempDir Path dir) throws Exception {
        try (SecuredGateway gateway = SecuredGateway.start(dir)) {
            SignedHttp http = gateway.client();
            URI info = gateway.uri("https", "/sim-info-api/v1/slot/0");
            SharedKey oldKey = gateway.lab;
            SharedKey newKey = SecuredGateway.key("lab-2", "lab", "lab-a", 5, null);
            assertEquals(200, http.get(gateway.signer(oldKey), info).status());
            assertEquals(401, http.get(gateway.signer(newKey), info).status());

            // 1. server: the new key at the end of the group
            gateway.writeKeys(SecuredGateway.group("lab", "lab-a", oldKey, newKey));
            awaitStatus(200, () -> http.get(gateway.signer(newKey), info).status());
            assertEquals(200, http.get(gateway.signer(oldKey), info).status(), "the old key still verifies");
            assertEquals(newKey.id(), gateway.gateway().security().sharedKeys()
                    .signingKey("lab", gateway.clock.instant()).orElseThrow().id(), "clients sign with the newest");

            // 3. server: every client moved over, the old key goes
            gateway.writeKeys(SecuredGateway.group("lab", "lab-a", newKey));
            awaitStatus(401, () -> http.get(gateway.signer(oldKey), info).status());
            assertEquals(200, http.get(gateway.signer(newKey), info).status());

            // a file that cannot be used keeps the keys in force
            gateway.writeKeys("  lab { client = \"lab-a\", keys = [ { id = \"lab-3\", secret = \"base64:AAAA\" } ] }\n");
            Thread.sleep(400);
            assertEquals(200, http.get(gateway.signer(newKey), info).status());
        }
    }
}
