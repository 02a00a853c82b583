package org.simgate.front.config;

/**
 * A configuration that cannot run, said in one line that names the key and, once known, the file
 * and line it was set on: {@code simgate.conf:12: simgate.slots[0].simcard.k: must be 32 hex
 * characters (16 bytes)}. Never quotes a value: the value may be a key.
 */
public final class ConfigError extends RuntimeException {
    private final String key;
    private final String problem;

    public ConfigError(String key, String problem) {
        this(null, key, problem);
    }

    /** A problem that belongs to no one key (a file that cannot be read, a reader pcscd does not list). */
    public ConfigError(String line) {
        this(null, null, line);
    }

    private ConfigError(String location, String key, String problem) {
        super((location == null ? "" : location + ": ") + (key == null ? "" : key + ": ") + problem, null, false,
                false);
        this.key = key;
        this.problem = problem;
    }

    /** An error at {@code location} ({@code file:line}), of {@code key} when not null. */
    public static ConfigError at(String location, String key, String problem) {
        return new ConfigError(location, key, problem);
    }

    /** The key the error is about, e.g. {@code simgate.http.port}; null when it is about no one key. */
    public String key() {
        return key;
    }

    /** What is wrong, without key or location. */
    public String problem() {
        return problem;
    }

    /** This error said at {@code location} ({@code file:line}); itself when the location is null. */
    public ConfigError locatedAt(String location) {
        return location == null ? this : new ConfigError(location, key, problem);
    }
}
