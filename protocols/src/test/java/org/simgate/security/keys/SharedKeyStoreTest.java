package org.simgate.security.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.security.TestKeys;

class SharedKeyStoreTest {
    static final String SECRET = "base64:" + Base64.getEncoder().encodeToString(TestKeys.secret(5));

    @TempDir
    Path dir;

    static String file(String... ids) {
        StringBuilder keys = new StringBuilder();
        for (String id : ids) {
            keys.append("{ id = \"").append(id).append("\", secret = \"").append(SECRET).append("\" }\n");
        }
        return "groups.lab { client = \"lab-a\", keys = [\n" + keys + "] }\n";
    }

    @Test
    void aChangedFileReplacesTheKeys() throws Exception {
        Path path = Files.writeString(dir.resolve("keys.conf"), file("a"));
        SharedKeyStore store = new SharedKeyStore(path, name -> null);
        assertFalse(store.reloadIfChanged(), "unchanged");
        Files.writeString(path, file("a", "b"));
        assertTrue(store.reloadIfChanged());
        assertTrue(store.get().find("b").isPresent());
    }

    @Test
    void anInvalidNewFileKeepsTheOldKeys() throws Exception {
        Path path = Files.writeString(dir.resolve("keys.conf"), file("a"));
        SharedKeyStore store = new SharedKeyStore(path, name -> null);
        Files.writeString(path, "groups.lab { client = \"lab-a\", keys = [ { id = \"b\", secret = \"base64:AAAA\" } ] }");
        assertFalse(store.reloadIfChanged());
        assertTrue(store.get().find("a").isPresent());
        assertFalse(store.get().find("b").isPresent());
        Files.delete(path);
        assertFalse(store.reloadIfChanged());
        assertTrue(store.get().find("a").isPresent());
        Files.writeString(path, file("c"));
        assertTrue(store.reloadIfChanged());
        assertTrue(store.get().find("c").isPresent());
        assertFalse(store.get().find("a").isPresent());
    }

    @Test
    void anInvalidFileStopsTheStart() throws Exception {
        Path path = Files.writeString(dir.resolve("keys.conf"), "groups = 3");
        KeyFileError error = assertThrows(KeyFileError.class, () -> new SharedKeyStore(path, name -> null));
        assertTrue(error.getMessage().startsWith("keys.conf: groups: must be an object"), error.getMessage());
        assertThrows(KeyFileError.class, () -> new SharedKeyStore(dir.resolve("absent.conf"), name -> null));
    }

    @Test
    void theWatcherPicksUpAChange() throws Exception {
        Path path = Files.writeString(dir.resolve("keys.conf"), file("a"));
        SharedKeyStore store = new SharedKeyStore(path, name -> null);
        AutoCloseable watch = store.watch(Duration.ofMillis(20));
        try {
            Files.writeString(path, file("a", "b"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (store.get().find("b").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } finally {
            watch.close();
        }
        assertEquals(2, store.get().size());
    }
}
