package org.simgate.security.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.security.MutableClock;
import org.simgate.security.TestKeys;

/**
 * Which keys a key-file reload ends, so that the connections they opened close: a key removed
 * (alone or with its group), given another secret or client, revoked there, or expired. A key
 * that stays as it was ends nothing, whatever else changed.
 */
class EndedKeysTest {
    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path dir;
    Path file;
    final MutableClock clock = new MutableClock(NOW);
    final List<String> ended = new CopyOnWriteArrayList<>();
    SharedKeyStore store;

    static String key(String id, int fill, String... more) {
        return "{ id = " + id + ", secret = \"base64:" + Base64.getEncoder().encodeToString(TestKeys.secret(fill)) + "\""
                + (more.length == 0 ? "" : ", " + String.join(", ", more)) + " }";
    }

    static String group(String name, String client, String... keys) {
        return name + " { client = " + client + ", keys = [ " + String.join(", ", keys) + " ] }\n";
    }

    static String keys(String... groups) {
        return "groups {\n" + String.join("", groups) + "}\n";
    }

    @BeforeEach
    void start() throws Exception {
        file = Files.writeString(dir.resolve("keys.conf"), keys(
                group("lab", "lab-a", key("k", 1), key("l", 2)),
                group("ops", "ops", key("o", 3), key("soon", 4, "expires = \"2026-11-20T10:00:30Z\""))));
        store = new SharedKeyStore(file, name -> null, clock);
        store.onEnded(ended::add);
    }

    void rewrite(String... groups) throws Exception {
        Files.writeString(file, keys(groups));
        assertTrue(store.reloadIfChanged());
    }

    @Test
    void removingAKeyEndsThatKeyOnly() throws Exception {
        rewrite(group("lab", "lab-a", key("l", 2)),
                group("ops", "ops", key("o", 3), key("soon", 4, "expires = \"2026-11-20T10:00:30Z\"")));
        assertEquals(List.of("k"), ended);
    }

    @Test
    void removingAGroupEndsItsKeys() throws Exception {
        rewrite(group("ops", "ops", key("o", 3), key("soon", 4, "expires = \"2026-11-20T10:00:30Z\"")));
        assertEquals(List.of("k", "l"), ended.stream().sorted().toList());
    }

    @Test
    void aNewSecretANewClientOrRevokedEndsTheKey() throws Exception {
        rewrite(group("lab", "lab-a", key("k", 9), key("l", 2, "revoked = true")),
                group("ops", "lab-a", key("o", 3), key("soon", 4, "expires = \"2026-11-20T10:00:30Z\"")));
        assertEquals(List.of("k", "l", "o", "soon"), ended.stream().sorted().toList(), "o and soon: client ops → lab-a");
    }

    @Test
    void aReloadThatAddsOrChangesOtherKeysEndsNothing() throws Exception {
        rewrite(group("lab", "lab-a", key("k", 1), key("l", 2), key("new", 5)),
                group("ops", "ops", key("o", 3), key("soon", 4, "expires = \"2026-11-20T10:00:30Z\"")),
                group("more", "ci", key("ci-1", 6)));
        // the same keys in another order, a group renamed: the same credentials
        rewrite(group("lab-renamed", "lab-a", key("l", 2), key("k", 1), key("new", 5)),
                group("ops", "ops", key("soon", 4, "expires = \"2026-11-20T10:00:30Z\""), key("o", 3)),
                group("more", "ci", key("ci-1", 6)));
        assertEquals(List.of(), ended);
    }

    @Test
    void anExpiryEndsTheKeyAtTheFirstLookAfterIt() throws Exception {
        store.endWhatStopped();
        assertEquals(List.of(), ended);
        clock.advanceSeconds(30);
        store.endWhatStopped();
        store.endWhatStopped();
        assertEquals(List.of("soon"), ended, "once");
    }

    @Test
    void anExpiryMovedIntoThePastEndsTheKey() throws Exception {
        rewrite(group("lab", "lab-a", key("k", 1), key("l", 2, "expires = \"2026-11-20T09:00:00Z\"")),
                group("ops", "ops", key("o", 3), key("soon", 4, "expires = \"2026-11-20T10:00:30Z\"")));
        assertEquals(List.of("l"), ended);
    }

    @Test
    void theWatcherEndsAnExpiredKeyWithoutAChangeToTheFile() throws Exception {
        try (AutoCloseable watch = store.watch(Duration.ofMillis(20))) {
            clock.advanceSeconds(31);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (ended.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        assertEquals(List.of("soon"), ended);
    }
}
