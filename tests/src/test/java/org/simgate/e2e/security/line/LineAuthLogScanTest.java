package org.simgate.e2e.security.line;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.simgate.e2e.DebugLogCapture;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.security.line.AuthLineSigner;
import org.simgate.security.registration.DeviceEnrollment;
import org.simgate.security.registration.Registration;

/**
 * Every logger at DEBUG, captured while line and vpcd clients authenticate every way (verified,
 * refused, replayed, forbidden, throttled, revoked): no line holds a key, a signature, a nonce, an
 * AUTH line or an AKA answer.
 */
class LineAuthLogScanTest {
    @RegisterExtension
    final DebugLogCapture logs = new DebugLogCapture();

    @TempDir
    Path dir;


    /** The signature and the nonce of an AUTH line, and the line itself. */
    private String remember(String authLine) {
        String[] fields = authLine.substring(0, authLine.length() - 1).split(":");
        logs.secret("nonce " + fields[3], fields[3]);
        logs.secret("signature " + fields[4], fields[4]);
        logs.secret("AUTH line", authLine);
        return authLine;
    }

    @Test
    void noKeySignatureNonceNorAnswerIsLogged() throws Exception {
        for (int fill : new int[] {AuthGateway.LAB, AuthGateway.OPS, AuthGateway.RELAY}) {
            logs.secret("secret base64 " + fill, Base64.getEncoder().encodeToString(AuthGateway.secret(fill)));
            logs.secret("secret hex " + fill, HexFormat.of().formatHex(AuthGateway.secret(fill)));
        }
        try (AuthGateway gateway = AuthGateway.start(dir, Instant.now(), "simgate.vpcd-relay = [ { slot = 0, "
                + "listen = \"127.0.0.1:0\" } ]\nsimgate.auth.clients.lab-a.rate-limit { per-second = 0.1, burst = 1 }")) {
            String good = remember(gateway.authLine("lab-1", AuthGateway.LAB));
            try (LineConnection line = LineConnection.to(gateway.gateway().lineAddress())) {
                line.request("simgate slot 0", "1:IMSI");
                line.auth(good);
                String aka = line.request("simgate slot 0",
                        "1:AUTH:00112233445566778899AABBCCDDEEFF3CBC31A43007800010F4E2E95DE26B00", "2:APDU:00A4000C023F00",
                        "3:AUTH:00112233445566778899AABBCCDDEEFF3CBC31A43007800010F4E2E95DE26B00");
                for (String value : aka.substring(3, aka.indexOf('\n')).split(":")) {
                    logs.secret("AKA answer " + value, value);
                }
            }
            try (LineConnection line = LineConnection.to(gateway.gateway().lineAddress())) {
                line.auth(good); // replayed
                line.auth(remember(gateway.authLine("lab-1", 9))); // wrong secret
                line.auth(remember(gateway.authLine("nobody", 1)));
            }
            Registration registration = gateway.gateway().devices().create("phone");
            DeviceEnrollment device = DeviceEnrollment.start(registration.enrollmentUrl());
            gateway.gateway().devices().finalizeRegistration(device.finalizeRequest(null, null, null));
            String pem = org.simgate.security.registration.Pem.privateKey(device.privateKey());
            logs.secret("device private key", pem.split("\n")[1]);
            AuthLineSigner phone = AuthLineSigner.ecdsa(device.keyId(), (ECPrivateKey) device.privateKey(), gateway.clock());
            try (LineConnection line = LineConnection.to(gateway.gateway().lineAddress());
                 Socket relay = new Socket(gateway.gateway().vpcdListeners().get(0).getAddress(),
                         gateway.gateway().vpcdListeners().get(0).getPort())) {
                line.auth(remember(phone.line()));
                byte[] frame = remember(phone.line()).getBytes(StandardCharsets.US_ASCII);
                DataOutputStream out = new DataOutputStream(relay.getOutputStream());
                out.writeShort(frame.length);
                out.write(frame);
                out.writeShort(1);
                out.write(4);
                out.flush();
                relay.getInputStream().read(new byte[2]);
                gateway.gateway().devices().revoke(device.keyId());
                assertTrue(line.closedByServer());
            }
        }
        assertTrue(logs.lines().stream().anyMatch(l -> l.contains("outcome=unauthenticated")), "the refusals were audited");
        logs.assertNoneLogged();
    }
}
