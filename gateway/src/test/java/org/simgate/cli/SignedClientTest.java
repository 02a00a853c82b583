package org.simgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.gateway.Gateway;
import org.simgate.gateway.config.GatewayConfig;
import org.simgate.security.registration.DeviceRegistry;

/**
 * The command-line client signing its requests against a gateway with {@code simgate.auth.required}:
 * the admin commands on the management listener, {@code auth} over REST, and a device's whole life:
 * registered by the admin, enrolled, signing with its own key, revoked.
 */
class SignedClientTest {
    private static final String K = "465b5ce8b199b49faa5f0a2ee238a6bc";
    private static final String OPC = "cd63cb71954a9f4e48a5994e37a02baf";
    private static final String OPS_SECRET = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private static final String LAB_SECRET = "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f";

    @TempDir
    Path dir;

    private Gateway gateway;
    private Path keys;
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        keys = Files.writeString(dir.resolve("keys.conf"), """
                groups {
                  ops { client = ops, keys = [ { id = ops-1, secret = "hex:%s" } ] }
                  lab { client = lab, keys = [ { id = lab-old, secret = "hex:%s", expires = "2020-01-01T00:00:00Z" }
                                               { id = lab-2, secret = "hex:%s" } ] }
                }
                """.formatted(OPS_SECRET, OPS_SECRET.replace('0', '9'), LAB_SECRET));
        // devices finalize on the REST listener, so its address goes into public-url before it starts
        int restPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            restPort = probe.getLocalPort();
        }
        gateway = Gateway.start(GatewayConfig.from(ConfigFactory.parseString("""
                simgate {
                  http.port = %d
                  https.enabled = false
                  line.enabled = false
                  management.port = 0
                  auth {
                    required = true
                    keys-file = %s
                    devices-dir = %s
                    public-url = "%s"
                    clients {
                      # an admin registers devices only for clients within its own rights (aka, admin)
                      ops { slots = "*", operations = [aka, admin] }
                      lab { slots = [0], operations = [aka, info] }
                      edge-7 { slots = [0], operations = [aka, admin] }
                    }
                  }
                  slots = [ { id = 0, transport = simcard, simcard { imsi = "001010000000001",
                      iccid = "8988211000000000011", k = "%s", opc = "%s" } } ]
                }""".formatted(restPort, ConfigUtil.quoteString(keys.toString()), ConfigUtil.quoteString(dir.resolve("devices").toString()),
                "http://127.0.0.1:" + restPort, K, OPC)).withFallback(ConfigFactory.parseResources("application.conf")).resolve()));
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private String admin() {
        return "http://127.0.0.1:" + gateway.managementAddress().getPort();
    }

    private String rest() {
        return "http://127.0.0.1:" + gateway.httpAddress().getPort();
    }

    private int run(String... args) {
        outBytes.reset();
        errBytes.reset();
        return ClientCommand.run(args, ClientCommand.NO_IN_PROCESS, new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private String[] asOps(String... args) {
        String[] all = {"--key-file", keys.toString(), "--key-group", "ops", "devices", "--admin", admin()};
        String[] joined = Arrays.copyOf(all, all.length + args.length);
        System.arraycopy(args, 0, joined, all.length, args.length);
        return joined;
    }

    @Test
    void signedAdminCommandsAreServedAndUnsignedOnesRefused() {
        assertEquals(0, run(asOps("list")), err());
        assertEquals("no devices\nno pending registrations\n", out());

        assertEquals(1, run("devices", "--admin", admin(), "list"));
        assertTrue(err().startsWith("error: the admin API answered HTTP 401: authentication required"), err());
        assertTrue(err().contains("--key-file"), err());
    }

    @Test
    void aClientWithoutAdminIsRefused403() {
        assertEquals(1, run("--key-file", keys.toString(), "--key-group", "lab", "devices", "--admin", admin(), "list"));
        assertTrue(err().contains("HTTP 403"), err());
        assertTrue(err().contains("admin operation"), err());
    }

    @Test
    void aKeyOfTheFileByIdSignsAndAMissingSecretVariableIsNamed() {
        assertEquals(1, run("--key-id", "ops-1", "--secret-env", "SIMGATE_TEST_NO_SUCH_VARIABLE", "devices",
                "--admin", admin(), "list"));
        assertEquals("error: environment variable SIMGATE_TEST_NO_SUCH_VARIABLE is not set\n", err());
        assertEquals(0, run("--key-file", keys.toString(), "--key-id", "ops-1", "devices", "--admin", admin(), "list"), err());
    }

    @Test
    void authOverRestSignsWithTheNewestUsableKeyOfTheGroup() {
        int status = run("--url", rest(), "--key-file", keys.toString(), "--key-group", "lab", "-v",
                "auth", "-k", K, "-o", OPC, "-c", "2");
        assertEquals(0, status, out() + err());
        assertTrue(out().contains("2 of 2 authentications verified"), out());
        assertTrue(out().contains("POST " + rest() + "/sim-auth-api/v1/slot/0"), out());
        assertFalse(out().contains(LAB_SECRET), "no secret in the output");

        assertEquals(1, run("--url", rest(), "auth", "-k", K, "-o", OPC, "-c", "1"), "unsigned: refused");
        assertTrue(out().contains("server answered HTTP 401: authentication required"), out());
    }

    @Test
    void aDeviceIsRegisteredEnrollsSignsAndIsRevoked() throws Exception {
        Path qr = dir.resolve("edge-7.png");
        assertEquals(0, run(asOps("register", "edge-7", "--ttl", "5m", "--qr", qr.toString())), err());
        String[] lines = out().split("\n");
        String enrollmentUrl = lines[0];
        assertTrue(enrollmentUrl.startsWith("simgate-enroll://register?serial=SGDEV"), out());
        assertTrue(lines[1].matches("registration SGDEV[0-9A-F]{8} for client edge-7: key id dev-SGDEV[0-9A-F]{8}, "
                + "valid until \\S+Z"), lines[1]);
        assertEquals("QR code in " + qr, lines[2]);
        byte[] png = Files.readAllBytes(qr);
        assertEquals("PNG", new String(png, 1, 3, StandardCharsets.US_ASCII));

        assertEquals(0, run(asOps("list")), err());
        assertTrue(out().contains("pending registrations:\n  SGDEV"), out());

        Path deviceKey = dir.resolve("edge-7-key.pem");
        assertEquals(0, run("enroll", enrollmentUrl, "--key-out", deviceKey.toString(), "--brand", "Pi", "--model", "4B"),
                err());
        String keyId = out().split(" ")[1];
        assertTrue(keyId.startsWith("dev-SGDEV"), out());

        // the device signs with its own key: over REST and on the admin API its client may use
        assertEquals(0, run("--url", rest(), "--key-id", keyId, "--device-key", deviceKey.toString(),
                "auth", "-k", K, "-o", OPC, "-c", "1"), out() + err());
        String[] asDevice = {"--key-id", keyId, "--device-key", deviceKey.toString(), "devices", "--admin", admin(), "list"};
        assertEquals(0, run(asDevice), err());
        assertTrue(out().contains("  " + keyId + "  client edge-7  Pi 4B  registered "), out());

        assertEquals(0, run(asOps("revoke", keyId)), err());
        assertTrue(out().matches("revoked " + keyId + " of client edge-7 at \\S+Z\n"), out());

        assertEquals(1, run(asDevice));
        assertTrue(err().contains("HTTP 401"), err());
        assertTrue(err().contains("the key " + keyId + " did not verify"), err());
        assertEquals(0, run(asOps("list")), err());
        assertTrue(out().contains("REVOKED"), out());
    }

    @Test
    void aPendingRegistrationCanBeCancelled() {
        assertEquals(0, run(asOps("register", "edge-8")), err());
        String serial = out().split("\n")[1].split(" ")[1];
        assertEquals(0, run(asOps("cancel", serial)), err());
        assertEquals("cancelled registration " + serial + "\n", out());
        assertEquals(1, run(asOps("cancel", serial)));
        assertTrue(err().contains("HTTP 404"), err());
    }

    @Test
    void signingOptionsThatDoNotFitAreRefusedBeforeAnyRequest() {
        // options that do not go together are usage errors: exit 2, as the help says
        assertEquals(2, run("--key-id", "x", "devices", "--admin", admin(), "list"));
        assertTrue(err().startsWith("--key-id needs its key: --key-file, --secret-env or --device-key\nUsage: "), err());
        assertEquals(2, run("--key-file", keys.toString(), "devices", "--admin", admin(), "list"));
        assertTrue(err().contains("--key-group"), err());
        assertEquals(1, run("--key-file", keys.toString(), "--key-group", "nobody", "devices", "--admin", admin(), "list"));
        assertTrue(err().contains("no group nobody in "), err());
        assertEquals(1, run("--key-file", keys.toString(), "--key-id", "lab-old", "devices", "--admin", admin(), "list"));
        assertTrue(err().contains("key lab-old in " + keys + " is expired"), err());
        assertEquals(1, run("--device-key", keys.toString(), "--key-id", "dev-x", "devices", "--admin", admin(), "list"));
        assertTrue(err().contains("not a PKCS#8 EC private key PEM"), err());
        assertFalse(err().contains(OPS_SECRET), err());
    }

    @Test
    void theClientsOptionsMayComeAfterTheSubcommandsAsUsersTypeThem() {
        assertEquals(0, run("devices", "list", "--admin", admin(), "--key-file", keys.toString(), "--key-group", "ops"), err());
        assertEquals("no devices\nno pending registrations\n", out());
        assertEquals(0, run("info", "--url", rest(), "-n", "0", "--key-file", keys.toString(), "--key-group", "lab"), err());
        assertTrue(out().startsWith("slot  0\nIMSI  001010000000001\n"), out());
    }

    @Test
    void anUnsignedRequestIsReportedAsUnauthorizedNotForbidden() {
        assertEquals(1, run("--url", rest(), "info"));
        assertTrue(err().startsWith("error (unauthorized): server answered HTTP 401: "), err());
        assertEquals(1, run("--url", rest(), "-n", "0", "--key-file", keys.toString(), "--key-group", "ops", "info"));
        assertTrue(err().startsWith("error (forbidden): server answered HTTP 403: "), err());
    }

    @Test
    void helpOfADevicesCommandIsHelpNotAMissingParameter() {
        assertEquals(0, run("devices", "register", "--help"));
        assertTrue(out().startsWith("Usage: simgate client devices register "), out());
        assertEquals("", err());
    }

    @Test
    void aMalformedTtlIsAUsageError() {
        assertEquals(2, run(asOps("register", "edge-9", "--ttl", "5y")));
        assertTrue(err().startsWith("--ttl must be seconds, or a number with s, m or h (10m)\nUsage: "), err());
    }
}
