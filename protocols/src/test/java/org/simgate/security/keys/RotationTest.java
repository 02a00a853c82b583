package org.simgate.security.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.security.HeaderFields;
import org.simgate.security.MutableClock;
import org.simgate.security.RefusalReason;
import org.simgate.security.SignableRequest;
import org.simgate.security.TestKeys;
import org.simgate.security.Verification;
import org.simgate.security.replay.NonceCache;
import org.simgate.security.signature.RequestSigner;
import org.simgate.security.signature.RequestVerifier;
import org.simgate.security.signature.SignatureCheck;

/**
 * Key rotation as docs/security.md tells it: add the new key to the server, then to the clients,
 * then remove the old one from the server. Not one request fails on the way.
 */
class RotationTest {
    static final String URI = "https://gw.example/sim-auth-api/v1/slot/0";
    static final byte[] BODY = "{}".getBytes(StandardCharsets.US_ASCII);
    static final String OLD = "{ id = \"lab-2026-10\", secret = \"base64:" + b64(1) + "\" }";
    static final String NEW = "{ id = \"lab-2026-11\", secret = \"base64:" + b64(2) + "\" }";

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));

    static String b64(int fill) {
        return Base64.getEncoder().encodeToString(TestKeys.secret(fill));
    }

    static String keys(String... entries) {
        return "groups.lab { client = \"lab-a\", keys = [ " + String.join(", ", entries) + " ] }";
    }

    /** A client with its own key file, signing with its group's newest key. */
    final class Client {
        final SharedKeyStore store;
        final Path file;

        Client(String content) throws Exception {
            file = Files.writeString(dir.resolve("client.conf"), content);
            store = new SharedKeyStore(file, name -> null);
        }

        void configure(String content) throws Exception {
            Files.writeString(file, content);
            assertTrue(store.reloadIfChanged());
        }

        SignableRequest request() {
            SharedKey key = store.get().signingKey("lab", clock.instant()).orElseThrow();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            RequestSigner.hmac(key, clock).sign("POST", URI, BODY).forEach((n, v) -> headers.put(n, List.of(v)));
            return new SignableRequest("POST", URI, HeaderFields.of(headers), BODY);
        }
    }

    @Test
    void addNewOnServerThenOnClientsThenRemoveOldAndNoRequestFails() throws Exception {
        Path serverFile = Files.writeString(dir.resolve("server.conf"), keys(OLD));
        SharedKeyStore server = new SharedKeyStore(serverFile, name -> null);
        RequestVerifier verifier = new RequestVerifier(new SignatureCheck(KeyLookup.of(server, DeviceKeys.NONE),
                new NonceCache(1000), clock, Duration.ofSeconds(300)));
        Client client = new Client(keys(OLD));
        Client lateClient = new Client(keys(OLD));

        assertEquals("lab-2026-10", assertVerifies(verifier, client.request()));

        Files.writeString(serverFile, keys(OLD, NEW));
        assertTrue(server.reloadIfChanged());
        assertEquals("lab-2026-10", assertVerifies(verifier, client.request()));

        client.configure(keys(OLD, NEW));
        assertEquals("lab-2026-11", assertVerifies(verifier, client.request()));
        assertEquals("lab-2026-10", assertVerifies(verifier, lateClient.request()), "a client not yet updated");

        lateClient.configure(keys(OLD, NEW));
        Files.writeString(serverFile, keys(NEW));
        assertTrue(server.reloadIfChanged());
        assertEquals("lab-2026-11", assertVerifies(verifier, client.request()));
        assertEquals("lab-2026-11", assertVerifies(verifier, lateClient.request()));

        // a client that missed the whole rotation is now refused, as it should be
        Client forgotten = new Client(keys(OLD));
        assertEquals(new Verification.Refused(RefusalReason.UNKNOWN_KEY), verifier.verify(forgotten.request()));
    }

    @Test
    void changingOneKeyLeavesTheOthersAlone() throws Exception {
        Path serverFile = Files.writeString(dir.resolve("server.conf"), keys(OLD, NEW));
        SharedKeyStore server = new SharedKeyStore(serverFile, name -> null);
        RequestVerifier verifier = new RequestVerifier(new SignatureCheck(KeyLookup.of(server, DeviceKeys.NONE),
                new NonceCache(1000), clock, Duration.ofSeconds(300)));
        Client client = new Client(keys(NEW));
        String expiredOld = OLD.replace(" }", ", expires = \"2026-11-20T09:00:00Z\" }");
        Files.writeString(serverFile, keys(expiredOld, NEW));
        assertTrue(server.reloadIfChanged());
        assertEquals("lab-2026-11", assertVerifies(verifier, client.request()));
        Client oldClient = new Client(keys(OLD));
        assertEquals(new Verification.Refused(RefusalReason.EXPIRED_KEY), verifier.verify(oldClient.request()));
    }

    private static String assertVerifies(RequestVerifier verifier, SignableRequest request) {
        Verification result = verifier.verify(request);
        assertTrue(result instanceof Verification.Verified, () -> "refused: " + result);
        return ((Verification.Verified) result).keyId();
    }
}
