package org.simgate.security.config;

/**
 * An auth configuration that cannot run, in one line naming the key
 * ({@code simgate.auth.window: must be a duration between 1s and 1h}); never quotes a value.
 * The gateway turns it into its own ConfigError as it is.
 */
public final class AuthConfigError extends RuntimeException {
    public AuthConfigError(String path, String problem) {
        super(path + ": " + problem, null, false, false);
    }
}
