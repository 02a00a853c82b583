package org.simgate.gateway.config;

/**
 * A configuration that cannot run, said in one line that names the key, e.g.
 * {@code simgate.slots[0].simcard.k: must be 32 hex characters (16 bytes)}. Never quotes a value:
 * the value may be a key.
 */
public final class ConfigError extends RuntimeException {
    public ConfigError(String path, String problem) {
        super(path + ": " + problem, null, false, false);
    }

    public ConfigError(String line) {
        super(line, null, false, false);
    }
}
