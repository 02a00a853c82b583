package org.simgate.security;

import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.simgate.security.access.AccessPolicy;
import org.simgate.security.access.AkaRateLimits;
import org.simgate.security.config.AuthConfig;
import org.simgate.security.keys.DeviceKeys;
import org.simgate.security.keys.KeyFileError;
import org.simgate.security.keys.KeyLookup;
import org.simgate.security.keys.KeyRing;
import org.simgate.security.keys.SharedKeyStore;
import org.simgate.security.line.AuthLineVerifier;
import org.simgate.security.replay.NonceCache;
import org.simgate.security.signature.RequestVerifier;
import org.simgate.security.signature.SignatureCheck;

/**
 * Everything the protocols need from {@code simgate.auth}, wired once at start: one key store,
 * one nonce cache and one clock shared by HTTP and the line protocol (a nonce used on one is used
 * on both). Close it to stop watching the key file.
 */
public final class Security implements AutoCloseable {
    private final AuthConfig config;
    private final SharedKeyStore sharedKeys;
    private final AutoCloseable watch;
    private final RequestVerifier requests;
    private final AuthLineVerifier authLines;
    private final AkaRateLimits akaRateLimits;
    private final KeyLookup keys;
    private final Clock clock;

    private Security(AuthConfig config, SharedKeyStore sharedKeys, DeviceKeys devices, Clock clock) {
        this.config = config;
        this.sharedKeys = sharedKeys;
        this.keys = KeyLookup.of(sharedKeys != null ? sharedKeys : () -> KeyRing.EMPTY, devices);
        this.clock = clock;
        SignatureCheck check = new SignatureCheck(keys, new NonceCache(config.nonceCacheSize()), clock, config.window());
        this.requests = new RequestVerifier(check);
        this.authLines = new AuthLineVerifier(check);
        this.akaRateLimits = new AkaRateLimits(config.policy(), config.akaRateLimit());
        this.watch = sharedKeys != null ? sharedKeys.watch(config.keysReload()) : () -> { };
    }

    /**
     * Reads the key file (a file that cannot be used stops the start) and starts watching it.
     *
     * @param environment environment variables for key secrets ({@code System::getenv})
     */
    public static Security start(AuthConfig config, DeviceKeys devices, Clock clock,
                                 Function<String, String> environment) throws KeyFileError {
        SharedKeyStore sharedKeys = config.keysFile() != null ? new SharedKeyStore(config.keysFile(), environment, clock)
                : null;
        return new Security(config, sharedKeys, devices, clock);
    }

    public AuthConfig config() {
        return config;
    }

    /** Whether requests must verify; false: the protocols skip verification and the ACL. */
    public boolean required() {
        return config.required();
    }

    public RequestVerifier requests() {
        return requests;
    }

    public AuthLineVerifier authLines() {
        return authLines;
    }

    public AccessPolicy policy() {
        return config.policy();
    }

    public AkaRateLimits akaRateLimits() {
        return akaRateLimits;
    }

    /**
     * Whether a key that verified earlier still would, now: it is still there (not removed from
     * the key file), not revoked, not expired, and still acts for {@code client}. Connections that
     * authenticated once (line protocol, vpcd relay) ask this before each request, besides being
     * closed when their key ends ({@link #onSharedKeyEnded}, device revocation). A map lookup and a
     * clock read: cheap.
     */
    public boolean stillValid(String keyId, String client) {
        return keys.find(keyId)
                .filter(key -> !key.revoked() && key.client().equals(client))
                .filter(key -> key.expires() == null || clock.instant().isBefore(key.expires()))
                .isPresent();
    }

    /**
     * Tells {@code listener} the id of each shared key that ends: removed from the key file (alone
     * or with its group), its secret or client changed, revoked there, or expired. The gateway
     * closes the connections that key opened. Told on the key file's thread; must not block.
     */
    public void onSharedKeyEnded(Consumer<String> listener) {
        if (sharedKeys != null) {
            sharedKeys.onEnded(listener);
        }
    }

    /** The current shared keys (for simgate's own clients: {@code KeyRing.signingKey}). */
    public KeyRing sharedKeys() {
        return sharedKeys != null ? sharedKeys.get() : KeyRing.EMPTY;
    }

    @Override
    public void close() {
        try {
            watch.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
