package org.simgate.gateway.config;

import org.simgate.front.config.ConfigError;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key no config class reads is a config error naming it, with the known key it most likely
 * meant: {@code simgate.auth { requried = true }} must not run a gateway without authentication
 * whose operator believes it is on.
 */
class UnknownKeyTest {
    private static final String CARD = "imsi = \"001010000000001\", iccid = \"8988211000000000011\", "
            + "k = \"465b5ce8b199b49faa5f0a2ee238a6bc\", opc = \"cd63cb71954a9f4e48a5994e37a02baf\"";

    @TempDir
    Path dir;

    private String refused(String hocon) throws IOException {
        Path file = dir.resolve("simgate.conf");
        Files.writeString(file, hocon);
        return assertThrows(ConfigError.class, () -> GatewayConfig.load(file)).getMessage();
    }

    private String file() {
        return dir.resolve("simgate.conf").toString();
    }

    @Test
    void aMisspeltListenerSection() throws IOException {
        assertEquals(file() + ":2: simgate.htpp: unknown key (did you mean http?)",
                refused("# listeners\nsimgate.htpp.port = 8001\n"));
    }

    @Test
    void aMisspeltAuthRequiredIsRefusedNotRunWithoutAuthentication() throws IOException {
        assertEquals(file() + ":3: simgate.auth.requried: unknown key (did you mean required?)",
                refused("simgate {\n  auth {\n    requried = true\n  }\n}\n"));
    }

    @Test
    void aMisspeltSimcardKey() throws IOException {
        assertEquals(file() + ":1: simgate.slots[0].simcard.sqn-chek: unknown key (did you mean sqn-check?)",
                refused("simgate.slots = [ { id = 0, transport = simcard, simcard { " + CARD + ", sqn-chek = false } } ]"));
    }

    @Test
    void aMisspeltSlotKey() throws IOException {
        assertEquals(file() + ":2: simgate.slots[0].allow-apud: unknown key (did you mean allow-apdu?)",
                refused("simgate.slots = [ { id = 0, transport = simcard\n allow-apud = true\n simcard { " + CARD
                        + " } } ]"));
    }

    @Test
    void aMisspeltSlotDefault() throws IOException {
        assertEquals(file() + ":1: simgate.slot-defaults.allow-apud: unknown key (did you mean allow-apdu?)",
                refused("simgate.slot-defaults.allow-apud = true"));
    }

    @Test
    void everyBlockIsChecked() throws IOException {
        String[][] cases = {
                {"simgate.https.self-signed-dri = x", "simgate.https.self-signed-dri", "self-signed-dir"},
                {"simgate.rest.max-bdy = 8k", "simgate.rest.max-bdy", "max-body"},
                {"simgate.line.max-lien = 2k", "simgate.line.max-lien", "max-line"},
                {"simgate.management.metric = false", "simgate.management.metric", "metrics"},
                {"simgate.reload.watch-flie = false", "simgate.reload.watch-flie", "watch-file"},
                {"simgate.pcsc.atuo = false", "simgate.pcsc.atuo", "auto"},
                {"simgate.defualt-slot = 0", "simgate.defualt-slot", "default-slot"},
                {"simgate.auth.window = 300s\nsimgate.auth.rate-limit { per-second = 5, brust = 10 }",
                        "simgate.auth.rate-limit.brust", "burst"},
                {"simgate.auth.clients.lab { slots = [0], operations = [aka], operation = [info] }",
                        "simgate.auth.clients.lab.operation", "operations"},
                {"simgate.auth.public-ulr = \"https://gw.example\"", "simgate.auth.public-ulr", "public-url"},
                {"simgate.suci.home-network-key = []", "simgate.suci.home-network-key", "home-network-keys"},
                {"simgate.suci.slots = [ { slot = 0, routing-indicatr = \"0\" } ]",
                        "simgate.suci.slots[0].routing-indicatr", "routing-indicator"},
                {"simgate.slots = [ { id = 0, transport = simcard, simcard { " + CARD
                        + ", isim { impi = \"a@b\", impus = [] } } } ]", "simgate.slots[0].simcard.isim.impus", "impu"},
                {"simgate.slots = [ { id = 3, transport = pcsc, pcsc { reader = \"x\", mdoe = shared } } ]",
                        "simgate.slots[0].pcsc.mdoe", "mode"},
                {"simgate.slots = [ { id = 5, transport = modem, modem { port = \"/dev/ttyUSB2\", bad = 9600 } } ]",
                        "simgate.slots[0].modem.bad", "baud"},
                {"simgate.slots = [ { id = 0, allow-apdu = true, transport = simcard, simcard { " + CARD + " } } ]\n"
                        + "simgate.vpcd-relay = [ { slot = 0, connect = \"127.0.0.1:35963\", rety = 1s } ]",
                        "simgate.vpcd-relay[0].rety", "retry"},
        };
        for (String[] c : cases) {
            String message = refused(c[0]);
            assertEquals(c[1] + ": unknown key (did you mean " + c[2] + "?)",
                    message.substring(message.indexOf(": ", file().length() + 1) + 2), c[0]);
        }
    }

    @Test
    void aKeyOfAnotherTransportIsUnknownWithoutAGuess() throws IOException {
        assertEquals(file() + ":1: simgate.slots[0].simcard: unknown key",
                refused("simgate.slots = [ { id = 3, transport = pcsc, pcsc { reader = \"x\" }, simcard { " + CARD
                        + " } } ]"));
    }

    @Test
    void severalUnknownKeysAreNamedInFileOrder() throws IOException {
        assertEquals(file() + ":1: simgate.htpp: unknown key (did you mean http?); also unknown: simgate.lien",
                refused("simgate.htpp.port = 1\nsimgate.lien.port = 2\n"));
    }

    @Test
    void aMissingKeyNamesTheMisspellingThatTookItsPlace() throws IOException {
        assertEquals(file() + ":1: simgate.slots[0].simcard.opc: missing (or set op) "
                        + "(is simgate.slots[0].simcard.opcc a misspelling of it?)",
                refused("simgate.slots = [ { id = 0, transport = simcard, simcard { "
                        + CARD.replace("opc =", "opcc =") + " } } ]"));
    }

    @Test
    void everyKeyTheShippedConfigsSetIsKnown() {
        assertDoesNotThrow(() -> GatewayConfig.load(null));
        assertDoesNotThrow(() -> GatewayConfig.from(ConfigFactory.parseString("""
                simgate {
                  http.allowed-hosts = ["gw.example"]
                  https { cert = "c.pem", key = "k.pem", allowed-hosts = ["gw.example"] }
                  management.allowed-hosts = ["gw.example"]
                  auth {
                    required = false
                    keys-file = "keys.conf", keys-reload = 2s, window = 300s, nonce-cache-size = 1000
                    rate-limit { per-second = 50, burst = 100 }
                    clients { lab-a { slots = [0], operations = [aka], rate-limit { per-second = 1, burst = 2 } } }
                    devices-dir = "var/devices", public-url = "https://gw.example:8443", client-ca = "ca.pem"
                  }
                  suci {
                    home-network-keys = []
                    slots = [ { slot = 0, routing-indicator = "0", mnc-length = 2, home-network-keys = [] } ]
                  }
                  reload.watch-file = false
                  slots = [
                    { id = 0, name = "a", transport = simcard, allow-apdu = true, queue-size = 4, operation-timeout = 1s
                      simcard { imsi = "001010000000001", iccid = "8988211000000000011", algorithm = milenage,
                                k = "465b5ce8b199b49faa5f0a2ee238a6bc", op = "cdc202d5123e20f62b6d676ac72cb318",
                                sqn-check = true, state-file = "var/a.sqn", inserted = true, kc-in-auth-response = true,
                                mnc-length = 2, authenticate-time = 1ms,
                                isim { impi = "a@b", domain = "b", impu = ["sip:a@b"] } } }
                    { id = 1, transport = simcard
                      simcard { imsi = "001010000000002", iccid = "8988211000000000029", algorithm = tuak,
                                k = "465b5ce8b199b49faa5f0a2ee238a6bc",
                                topc = "cd63cb71954a9f4e48a5994e37a02bafcd63cb71954a9f4e48a5994e37a02baf",
                                mac-length = 64, res-length = 64, ck-ik-length = 128, keccak-iterations = 1 } }
                    { id = 2, transport = pcsc, pcsc { reader = "x", mode = shared } }
                    { id = 3, transport = modem, allow-apdu = true, modem { port = "/dev/ttyUSB2", baud = 9600,
                      flow-control = rtscts, command-timeout = 5s, max-reconnect-delay = 10s } }
                  ]
                  vpcd-relay = [
                    { slot = 0, connect = "127.0.0.1:35963", retry = 1s,
                      tls { enabled = true, trust = "ca.pem", client-cert = "c.pem", client-key = "k.pem" },
                      auth { key-id = "relay", secret-env = "RELAY_SECRET" } }
                    { slot = 3, listen = "127.0.0.1:35964", tls = true }
                  ]
                }
                """).withFallback(ConfigFactory.parseResources("application.conf")).resolve()));
    }
}
