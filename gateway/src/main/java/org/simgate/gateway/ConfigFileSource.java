package org.simgate.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Supplier;
import org.simgate.gateway.config.GatewayConfig;

/**
 * The config as the start and every reload read it: the {@code -c} file (or the defaults alone)
 * through every check a start makes ({@link StartChecks}). It remembers the SHA-256 of the file's
 * content as last read, so that the file watch does not reload again what a reload (SIGHUP,
 * {@code POST /admin/v1/reload}) already read.
 */
final class ConfigFileSource implements Supplier<GatewayConfig> {
    private final Path file;
    private volatile byte[] lastRead;

    /** @param file the -c file, or null for the built-in defaults */
    ConfigFileSource(Path file) {
        this.file = file;
    }

    /** @throws org.simgate.gateway.config.ConfigError the config is invalid or a start check fails */
    @Override
    public GatewayConfig get() {
        if (file != null) {
            // before parsing: content that changes while it is parsed differs from this, and reloads again
            lastRead = digest(file);
        }
        return GatewayConfig.load(file, StartChecks::check);
    }

    /** SHA-256 of the file's content as the last start or reload read it; null before any read. */
    byte[] lastRead() {
        return lastRead;
    }

    /**
     * SHA-256 of the file's content, or null when it cannot be read now. Here rather than in the
     * file watch: loading that class starts the logging, which {@code --check-config} has no use for.
     */
    static byte[] digest(Path file) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
