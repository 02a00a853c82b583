package org.simgate.e2e.line;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.util.HexFormat;
import org.simgate.gateway.Gateway;
import org.simgate.gateway.config.GatewayConfig;

/**
 * An in-process gateway on ephemeral ports with three software USIMs: slot 0 "simgate slot 0" and
 * slot 7 named like APDUPlay's reader, both with the TS 35.208 test set 1 keys and raw APDUs
 * allowed; slot 1 with test set 2 and no raw APDUs. SQN checking is on; SQNs live in memory only.
 */
final class LineGateway {
    static final HexFormat HEX = HexFormat.of().withUpperCase();
    static final byte[] K = HEX.parseHex("465b5ce8b199b49faa5f0a2ee238a6bc");
    static final byte[] OPC = HEX.parseHex("cd63cb71954a9f4e48a5994e37a02baf");
    static final String APDUPLAY_READER = "Simona /111.222.123.033@07";

    private LineGateway() {
    }

    static Gateway start(String lineSettings) throws IOException {
        return Gateway.start(GatewayConfig.from(ConfigFactory.parseString("""
                simgate {
                  http.port = 0
                  https.enabled = false
                  line { port = 0, %s }
                  management.port = 0
                  slots = [
                    { id = 0, transport = simcard, allow-apdu = true, simcard {
                        imsi = "001010000000001", iccid = "8988211000000000011",
                        k = "465b5ce8b199b49faa5f0a2ee238a6bc", opc = "cd63cb71954a9f4e48a5994e37a02baf",
                        sqn-check = true } }
                    { id = 1, transport = simcard, simcard {
                        imsi = "001010000000002", iccid = "8988211000000000029",
                        k = "0396eb317b6d1c36f19c1c84cd6ffd16", op = "ff53bade17df5d4e793073ce9d7579fa",
                        sqn-check = true } }
                    { id = 7, name = "%s", transport = simcard, allow-apdu = true, simcard {
                        imsi = "001010000000007", iccid = "8988211000000000078",
                        k = "465b5ce8b199b49faa5f0a2ee238a6bc", opc = "cd63cb71954a9f4e48a5994e37a02baf",
                        sqn-check = true } }
                  ]
                }
                """.formatted(lineSettings, APDUPLAY_READER))
                .withFallback(ConfigFactory.parseResources("application.conf")).resolve()));
    }
}
