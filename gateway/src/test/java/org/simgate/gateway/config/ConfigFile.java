package org.simgate.gateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The config tests' file: {@code simgate.conf} in the test's directory, loaded as the gateway loads it. */
final class ConfigFile {
    private ConfigFile() {
    }

    static GatewayConfig load(Path dir, String hocon) throws IOException {
        Path file = dir.resolve("simgate.conf");
        Files.writeString(file, hocon);
        return GatewayConfig.load(file);
    }
}
