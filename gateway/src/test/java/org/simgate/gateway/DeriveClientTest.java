package org.simgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.cli.ClientCommand;
import org.simgate.gateway.config.GatewayConfig;

/**
 * {@code client auth} asking for derivations, in-process and over REST against a real gateway: the
 * client derives its own XRES*, KAUSF, … from its vector and checks the gateway's against them.
 */
class DeriveClientTest {
    private static final String K = "465b5ce8b199b49faa5f0a2ee238a6bc";
    private static final String OPC = "cd63cb71954a9f4e48a5994e37a02baf";
    private static final String SLOT = """
            simgate.slots = [ { id = 0, transport = simcard, simcard {
              imsi = "001010000000001", iccid = "8988211000000000011", k = "%s", opc = "%s" } } ]
            """.formatted(K, OPC);
    private static final String[] EVERY_DERIVATION = {
        "--snn", "5G:mnc001.mcc001.3gppnetwork.org", "--supi", "imsi-001010000000001", "--abba", "0000",
        "--eap-network-name", "WLAN", "--eap-identity", "0001010000000001@wlan.mnc001.mcc001.3gppnetwork.org",
        "--eps-plmn", "001f01",
    };
    private static final String ALL_VERIFIED = "verified RES, CK, IK, Kc, RES*, KAUSF, KSEAF, KAMF, CK', IK', K_encr,"
            + " K_aut, K_re, MSK, EMSK, K_ASME";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int client(String... args) {
        return ClientCommand.run(args, ClientEntry.IN_PROCESS, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private Path config() throws IOException {
        Path file = dir.resolve("slot.conf");
        Files.writeString(file, SLOT);
        return file;
    }

    @Test
    void inProcessEveryDerivationIsVerified() throws IOException {
        int status = client(concat(new String[] {"-c", config().toString(), "auth", "-k", K, "-o", OPC, "-s", "40",
                "-c", "2"}, EVERY_DERIVATION));

        assertEquals(0, status, out + "" + err);
        assertTrue(out.toString().contains("[2/2] " + ALL_VERIFIED + "\n"), out.toString());
    }

    @Test
    void overRestEveryDerivationIsVerifiedAndShownOnlyOnRequest() throws IOException {
        try (Gateway gateway = Gateway.start(GatewayConfig.from(ConfigFactory.parseString(
                "simgate { http.port = 0, https.enabled = false, line.enabled = false, management.enabled = false }\n" + SLOT)
                .withFallback(ConfigFactory.parseResources("application.conf")).resolve()))) {
            String url = "http://127.0.0.1:" + gateway.httpAddress().getPort();

            int status = client(concat(new String[] {"--url", url, "auth", "-k", K, "-o", OPC, "-s", "40", "-c", "1",
                    "--show-keys"}, EVERY_DERIVATION));

            assertEquals(0, status, out + "" + err);
            assertTrue(out.toString().contains("[1/1] " + ALL_VERIFIED + "\n"), out.toString());
            assertTrue(out.toString().matches("(?s).*   derived RES\\* [0-9a-f]{32} KAUSF [0-9a-f]{64} .* K_ASME [0-9a-f]{64}\n.*"),
                    out.toString());
        }
    }

    @Test
    void aTwoDigitMncIsAUsageErrorThatSaysWhatToWrite() throws IOException {
        int status = client("-c", config().toString(), "auth", "-k", K, "-o", OPC, "--snn",
                "5G:mnc01.mcc001.3gppnetwork.org");

        assertEquals(2, status);
        assertTrue(err.toString().contains("--snn: the MNC has 2 digits: the serving network name pads it to 3 with a"
                + " leading zero (TS 24.501 §9.12.1), so write 5G:mnc001.mcc001.3gppnetwork.org"), err.toString());
    }

    @Test
    void derivationOptionsThatDoNotGoTogether() throws IOException {
        String file = config().toString();
        assertEquals(2, client("-c", file, "auth", "-k", K, "-o", OPC, "--supi", "imsi-001010000000001"));
        assertEquals(2, client("-c", file, "auth", "-k", K, "-o", OPC, "--eps-plmn", "001f01", "--eps-mcc", "001"));
        assertEquals(2, client("-c", file, "auth", "-k", K, "-o", OPC, "--eap-network-name", "WLAN"));
        assertTrue(err.toString().contains("--eap-identity: missing"), err.toString());
    }
}
