package org.simgate.e2e.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.e2e.ExternalProcess;
import org.simgate.aka.AuthenticationVector;

/**
 * One of fasferraz's clients against simgate's HTTPS listener: their shared USIM-https-server calls
 * ({@code requests.get('https://' + server + '/?type=…', verify=False)}, lowercase hex, {@code
 * r.json()['res'|'ck'|'ik'|'imsi']}) and that client's reading of the values, made by python3 with
 * requests (tests/src/test/python/fasferraz_usim_https.py). A gateway per test class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FasferrazClient {
    ClientsGateway gateway;
    final Subscriber subscriber = new Subscriber();

    /** swu, nwu, gba or enb: how the script reads the answer. */
    abstract String client();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        gateway = ClientsGateway.start(dir);
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    /** The one line the client's reading of {@code /?type=imsi} gives. */
    String imsi() throws Exception {
        return run("imsi");
    }

    /** The one line the client's reading of {@code /?type=rand-autn} gives. */
    String randAutn(byte[] rand, byte[] autn) throws Exception {
        HexFormat hex = HexFormat.of();
        return run("rand-autn", hex.formatHex(rand), hex.formatHex(autn));
    }

    /** What the client reads from a successful AKA with {@code v}. */
    static String resCkIk(AuthenticationVector v) {
        HexFormat hex = HexFormat.of();
        return "RES " + hex.formatHex(v.xres()) + " CK " + hex.formatHex(v.ck()) + " IK " + hex.formatHex(v.ik());
    }

    private String run(String... request) throws Exception {
        String[] args = new String[request.length + 2];
        args[0] = client();
        args[1] = gateway.httpsServer();
        System.arraycopy(request, 0, args, 2, request.length);
        ExternalProcess.Result result = Programs.python("fasferraz_usim_https.py", args);
        assertEquals(0, result.status(), result.toString());
        return result.out().strip();
    }
}
