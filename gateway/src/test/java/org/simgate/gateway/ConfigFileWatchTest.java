package org.simgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The -c file is watched through its directory: in-place writes and temp + rename both reload, once per save. */
class ConfigFileWatchTest {
    private static final long QUIET = ConfigFileWatch.DEBOUNCE_MILLIS * 3;

    @TempDir
    Path dir;
    private final Semaphore reloads = new Semaphore(0);

    private boolean reloaded() throws InterruptedException {
        return reloads.tryAcquire(10, TimeUnit.SECONDS);
    }

    /** No reload within a few quiet periods. */
    private void assertNoReload() throws InterruptedException {
        assertEquals(false, reloads.tryAcquire(QUIET, TimeUnit.MILLISECONDS), "an unexpected reload");
    }

    @Test
    void aSaveInPlaceReloadsOnceEvenInSeveralWrites() throws Exception {
        Path file = dir.resolve("simgate.conf");
        Files.writeString(file, "simgate.default-slot = 0\n");
        try (ConfigFileWatch ignored = ConfigFileWatch.start(file, reloads::release)) {
            Files.writeString(file, "");
            Files.writeString(file, "simgate.default-slot = 1\n");
            assertTrue(reloaded());
            assertNoReload();
        }
    }

    @Test
    void anEditorsTempFileRenamedOverTheConfigReloads() throws Exception {
        Path file = dir.resolve("simgate.conf");
        Files.writeString(file, "simgate.default-slot = 0\n");
        try (ConfigFileWatch ignored = ConfigFileWatch.start(file, reloads::release)) {
            Path temp = dir.resolve(".simgate.conf.swp");
            Files.writeString(temp, "simgate.default-slot = 2\n");
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            assertTrue(reloaded());
            assertNoReload();
        }
    }

    @Test
    void contentAReloadAlreadyReadIsNotReloadedAgain() throws Exception {
        Path file = dir.resolve("simgate.conf");
        Files.writeString(file, "simgate.default-slot = 0\n");
        java.util.concurrent.atomic.AtomicReference<byte[]> lastRead =
                new java.util.concurrent.atomic.AtomicReference<>(ConfigFileSource.digest(file));
        try (ConfigFileWatch ignored = ConfigFileWatch.start(file, lastRead::get, reloads::release)) {
            // saved, then read at once by POST /admin/v1/reload (or SIGHUP), before the watch's quiet period ends
            Files.writeString(file, "simgate.default-slot = 1\n");
            lastRead.set(ConfigFileSource.digest(file));
            assertNoReload();
            // the next save nobody has read yet reloads as always
            Files.writeString(file, "simgate.default-slot = 2\n");
            assertTrue(reloaded());
            assertNoReload();
        }
    }

    @Test
    void aSaveBetweenTheStartsReadAndTheWatchIsReloaded() throws Exception {
        Path file = dir.resolve("simgate.conf");
        Files.writeString(file, "simgate.default-slot = 0\n");
        byte[] readAtStart = ConfigFileSource.digest(file);
        Files.writeString(file, "simgate.default-slot = 1\n");
        try (ConfigFileWatch ignored = ConfigFileWatch.start(file, () -> readAtStart, reloads::release)) {
            assertTrue(reloaded());
            assertNoReload();
        }
    }

    @Test
    void aTouchOrAnotherFileInTheDirectoryReloadsNothing() throws Exception {
        Path file = dir.resolve("simgate.conf");
        Files.writeString(file, "simgate.default-slot = 0\n");
        try (ConfigFileWatch ignored = ConfigFileWatch.start(file, reloads::release)) {
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
            Files.writeString(file, "simgate.default-slot = 0\n");
            Files.writeString(dir.resolve("other.conf"), "x = 1\n");
            assertNoReload();
        }
    }
}
