package org.simgate.e2e.clients;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.e2e.ExternalProcess;
import org.simgate.aka.AuthenticationVector;

/**
 * thomasgenster/strongswan-epdg's eap-sim-http card
 * (src/libcharon/plugins/eap_sim_http/eap_sim_http_card.c) against simgate's HTTPS listener. It
 * reads a base URL from {@code /etc/ims_<connection>.url}, asks libcurl for
 * {@code <url>/?type=rand-autn&rand=<%02x…>&autn=<%02x…>} with peer and host verification off and
 * no other option (curl {@code -k -A ''}), strips spaces, tabs, CR and LF from the answer and
 * finds {@code "res":"}, {@code "ck":"}, {@code "ik":"} in it: RES up to 16 bytes, CK and IK
 * exactly 16. A sync failure has no {@code "ck":"} and fails the card; its resync always returns
 * FALSE, so this client cannot resynchronise, against simgate or any other server.
 */
class StrongswanEpdgEapSimHttpTest {
    @TempDir
    static Path dir;
    static ClientsGateway gateway;
    static final Subscriber subscriber = new Subscriber();

    /** What parse_json_response fills in, or null where it returns FALSE. */
    record Quintuplet(byte[] res, byte[] ck, byte[] ik) {
    }

    @BeforeAll
    static void start() throws Exception {
        gateway = ClientsGateway.start(dir);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    static String getQuintuplet(AuthenticationVector v) throws Exception {
        return getQuintuplet(v.rand(), v.autn());
    }

    static String getQuintuplet(byte[] rand, byte[] autn) throws Exception {
        HexFormat hex = HexFormat.of();
        ExternalProcess.Result curl = Programs.curl("-k", "-A", "", "https://" + gateway.httpsServer() + "/?type=rand-autn&rand="
                + hex.formatHex(rand) + "&autn=" + hex.formatHex(autn));
        assertEquals(0, curl.status(), curl.toString());
        return curl.out();
    }

    /** parse_json_response's rules. */
    static Quintuplet parse(String json) {
        String clean = json.replaceAll("[ \t\n\r]", "");
        byte[] res = hexAfter(clean, "\"res\":\"", 16);
        byte[] ck = hexAfter(clean, "\"ck\":\"", 16);
        byte[] ik = hexAfter(clean, "\"ik\":\"", 16);
        if (res == null || ck == null || ck.length != 16 || ik == null || ik.length != 16) {
            return null;
        }
        return new Quintuplet(res, ck, ik);
    }

    /** Up to {@code max} bytes of two hex digits each after {@code needle}, up to a '"'; null when the needle is missing. */
    private static byte[] hexAfter(String json, String needle, int max) {
        int start = json.indexOf(needle);
        if (start < 0) {
            return null;
        }
        start += needle.length();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < max; i++) {
            int at = start + 2 * i;
            if (at + 1 >= json.length() || json.charAt(at) == '"') {
                break;
            }
            bytes.write(Integer.parseInt(json.substring(at, at + 2), 16));
        }
        return bytes.toByteArray();
    }

    @Test
    void resCkIkAreFoundOnceBlanksAreStripped() throws Exception {
        AuthenticationVector v = subscriber.next();

        Quintuplet q = parse(getQuintuplet(v));

        assertNotNull(q);
        assertArrayEquals(v.xres(), q.res());
        assertArrayEquals(v.ck(), q.ck());
        assertArrayEquals(v.ik(), q.ik());
    }

    @Test
    void aSyncFailureFailsTheCardCleanly() throws Exception {
        AuthenticationVector v = subscriber.next();
        assertNotNull(parse(getQuintuplet(v)));

        String replay = getQuintuplet(v);

        assertNull(parse(replay), "null ck: parse_json_response returns FALSE, get_quintuplet FAILED: " + replay);
    }

    @Test
    void aWrongMacFailsTheCardCleanly() throws Exception {
        AuthenticationVector v = subscriber.next();
        byte[] autn = v.autn();
        autn[15] ^= 0x01;

        assertNull(parse(getQuintuplet(v.rand(), autn)));
    }
}
