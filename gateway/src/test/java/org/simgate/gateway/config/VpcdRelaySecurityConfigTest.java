package org.simgate.gateway.config;

import org.simgate.protocol.vpcd.VpcdRelayConfig;
import org.simgate.front.config.ConfigError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vpcd relay's tls and auth settings (docs/pcsc.md), and the line listener's tls flag. */
class VpcdRelaySecurityConfigTest {
    private static final String SLOT = "simgate.slots = [ { id = 0, allow-apdu = true, transport = simcard, simcard { "
            + "imsi = \"001010000000001\", iccid = \"8988211000000000011\", k = \"465b5ce8b199b49faa5f0a2ee238a6bc\", "
            + "opc = \"cd63cb71954a9f4e48a5994e37a02baf\" } } ]\n";

    @TempDir
    Path dir;

    private GatewayConfig load(String relay) throws IOException {
        Path file = dir.resolve("simgate.conf");
        Files.writeString(file, SLOT + "simgate.vpcd-relay = [ " + relay + " ]\n");
        return GatewayConfig.load(file);
    }

    private VpcdRelayConfig relay(String relay) throws IOException {
        return load(relay).vpcdRelays().get(0);
    }

    private String error(String relay) {
        return ConfigMessages.withoutLocation(assertThrows(ConfigError.class, () -> load(relay)));
    }

    @Test
    void aPlainRelayHasNeitherTlsNorAuth() throws IOException {
        VpcdRelayConfig relay = relay("{ slot = 0, connect = \"127.0.0.1:35963\" }");
        assertNull(relay.tls());
        assertNull(relay.auth());
    }

    @Test
    void aListeningRelayTakesTlsTrue() throws IOException {
        assertEquals(VpcdRelayConfig.Tls.SERVER, relay("{ slot = 0, listen = \"127.0.0.1:35965\", tls = true }").tls());
        assertNull(relay("{ slot = 0, listen = \"127.0.0.1:35965\", tls = false }").tls());
    }

    @Test
    void aConnectingRelayTakesTrustAClientCertificateAndAnAuthKey() throws IOException {
        VpcdRelayConfig relay = relay("""
                { slot = 0, connect = "gw-b:35963",
                  tls { trust = "/etc/simgate/ca.pem", client-cert = "/etc/simgate/relay.pem", client-key = "/etc/simgate/relay-key.pem" }
                  auth { key-id = relay-1, secret-env = RELAY_SECRET } }
                """);
        assertEquals(new VpcdRelayConfig.Tls(Path.of("/etc/simgate/ca.pem"), Path.of("/etc/simgate/relay.pem"),
                Path.of("/etc/simgate/relay-key.pem")), relay.tls());
        assertEquals(new VpcdRelayConfig.Auth("relay-1", "RELAY_SECRET", null), relay.auth());
        assertEquals(new VpcdRelayConfig.Auth("dev-SGDEV1A2B3C4D", null, Path.of("device-key.pem")),
                relay("{ slot = 0, connect = \"gw-b:35963\", auth { key-id = dev-SGDEV1A2B3C4D, key-file = device-key.pem } }")
                        .auth());
        assertNull(relay("{ slot = 0, connect = \"gw-b:35963\", tls { enabled = false } }").tls());
    }

    @Test
    void mistakesAreOneLineNamingTheKey() {
        assertEquals("simgate.vpcd-relay[0].tls: a listening relay takes tls = true (the https certificate, client "
                + "certificates from simgate.auth.client-ca); tls { … } is for connect relays",
                error("{ slot = 0, listen = \"0.0.0.0:1\", tls { trust = ca.pem } }"));
        assertEquals("simgate.vpcd-relay[0].auth: a listening relay checks its peers with simgate.auth; auth { … } is "
                + "what a connect relay sends", error("{ slot = 0, listen = \"0.0.0.0:1\", auth { key-id = k } }"));
        assertEquals("simgate.vpcd-relay[0].tls.client-key: client-cert and client-key go together: set both or neither",
                error("{ slot = 0, connect = \"h:1\", tls { client-cert = c.pem } }"));
        assertEquals("simgate.vpcd-relay[0].auth.secret-env: set either secret-env (a shared key's secret, base64, in "
                + "that environment variable) or key-file (a device's P-384 private key, PEM), not neither",
                error("{ slot = 0, connect = \"h:1\", auth { key-id = k } }"));
        assertEquals("simgate.vpcd-relay[0].auth.key-id: must be 1 to 64 of A-Z a-z 0-9 . _ -",
                error("{ slot = 0, connect = \"h:1\", auth { key-id = \"a b\", secret-env = X } }"));
    }
}
