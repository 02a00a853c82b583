package org.simgate.gateway;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import org.simgate.front.config.ConfigError;
import org.simgate.gateway.config.AuthSettings;
import org.simgate.protocol.ConnectionsByKey;
import org.simgate.security.Security;
import org.simgate.security.keys.KeyFileError;
import org.simgate.security.registration.DeviceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client authentication ({@code simgate.auth.required}): the verifier every front uses and the
 * registered devices. A key that ends (a device revoked, a shared key removed, changed or expired)
 * closes the connections that authenticated with it at once, not at their next request.
 */
record ClientSecurity(Security security, DeviceRegistry devices) implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClientSecurity.class);
    static final ClientSecurity OFF = new ClientSecurity(null, null);

    /**
     * Starts it when {@code auth} requires it, else {@link #OFF}.
     *
     * @param publicUrl where devices reach simgate to finalize a registration
     * @param keyed     the connections by the key they authenticated with
     */
    static ClientSecurity start(AuthSettings auth, String publicUrl, Clock clock, ConnectionsByKey keyed)
            throws IOException {
        if (!auth.required()) {
            return OFF;
        }
        DeviceRegistry devices = DeviceRegistry.open(auth.devicesDir(), URI.create(publicUrl), clock);
        Security security;
        try {
            security = Security.start(auth.config(), devices, clock, System::getenv);
        } catch (KeyFileError e) {
            throw new ConfigError(e.getMessage());
        }
        devices.onRevoked(keyId -> endConnections(keyed, keyId, "revoked device key"));
        security.onSharedKeyEnded(keyId -> endConnections(keyed, keyId, "shared key removed, changed, revoked or expired"));
        log.info("client authentication on: {} client(s) in the access policy, {} registered device(s)",
                auth.config().policy().clients().size(), devices.devices().size());
        return new ClientSecurity(security, devices);
    }

    private static void endConnections(ConnectionsByKey keyed, String keyId, String why) {
        int closed = keyed.closeAll(keyId);
        if (closed > 0) {
            log.info("closed {} connection(s) of key {}: {}", closed, keyId, why);
        }
    }

    @Override
    public void close() {
        if (security != null) {
            security.close();
        }
    }
}
