package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.simgate.transport.Hex.upper;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AuthenticationVector;
import org.simgate.transport.Hex;

/**
 * The usim_https_server contract (SWu-IKEv2, eNB, GBA_ME and NWu emulators call it) over HTTPS,
 * compared byte for byte: status line, headers and body as the socket delivers them. The bodies
 * are Python's {@code json.dumps(..., indent="\t")}: tab indent, {@code ": "}, no final newline.
 */
class UsimHttpsContractTest {
    @TempDir
    static Path dir;
    static RunningGateway gateway;
    static final AtomicLong seq = new AtomicLong(1);

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(dir, RunningGateway.slots(
                TestCard.SET_1.inSlot(0, "allow-apdu = true", ""),
                TestCard.SET_2.inSlot(1, "", "")));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** One GET on a fresh TLS connection; the whole answer as it came over the wire. */
    static String get(String path) throws Exception {
        try (RawConnection connection = gateway.connectHttps()) {
            return connection.write(RawConnection.get(path)).read().raw();
        }
    }

    static String ok(String body) {
        return "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: " + body.length() + "\r\n\r\n" + body;
    }

    static String randAutn(AuthenticationVector v) {
        return "/?type=rand-autn&rand=" + upper(v.rand()) + "&autn=" + upper(v.autn());
    }

    @Test
    void imsi() throws Exception {
        assertEquals(ok("{\n\t\"imsi\": \"001010000000001\"\n}"), get("/?type=imsi"));
    }

    @Test
    void randAutnAnswersResCkIkInUppercase() throws Exception {
        AuthenticationVector v = TestCard.SET_1.challenge(TestCard.sqn(seq.getAndIncrement(), 0));

        assertEquals(ok("{\n\t\"res\": \"" + upper(v.xres()) + "\",\n\t\"ck\": \"" + upper(v.ck())
                + "\",\n\t\"ik\": \"" + upper(v.ik()) + "\"\n}"), get(randAutn(v)));
    }

    @Test
    void randAutnInLowercaseIsAnsweredInUppercaseToo() throws Exception {
        AuthenticationVector v = TestCard.SET_1.challenge(TestCard.sqn(seq.getAndIncrement(), 0));

        assertEquals(ok("{\n\t\"res\": \"" + upper(v.xres()) + "\",\n\t\"ck\": \"" + upper(v.ck())
                + "\",\n\t\"ik\": \"" + upper(v.ik()) + "\"\n}"),
                get("/?type=rand-autn&rand=" + Hex.lower(v.rand()) + "&autn=" + Hex.lower(v.autn())));
    }

    @Test
    void aSyncFailurePutsAutsWhereResWasNullsCkAndIkAndRepeatsItUnderAuts() throws Exception {
        AuthenticationVector v = TestCard.SET_1.challenge(TestCard.sqn(seq.getAndIncrement(), 0));
        get(randAutn(v));

        String replay = get(randAutn(v));

        Matcher auts = Pattern.compile("\"res\": \"([0-9A-F]{28})\"").matcher(replay);
        assertEquals(true, auts.find(), replay);
        assertEquals(ok("{\n\t\"res\": \"" + auts.group(1) + "\",\n\t\"ck\": null,\n\t\"ik\": null,\n\t\"auts\": \""
                + auts.group(1) + "\"\n}"), replay);
        assertEquals(v.sqn(), TestCard.SET_1.network().resynchronise(v.rand(), Hex.decode(auts.group(1))));
    }

    @Test
    void appIsimRunsTheAkaOnTheIsim() throws Exception {
        AuthenticationVector v = TestCard.SET_1.challenge(TestCard.sqn(seq.getAndIncrement(), 0));

        // TS 31.103: the ISIM answers RES, CK, IK from the same K as the USIM (the simulated card shares it)
        assertEquals(ok("{\n\t\"res\": \"" + upper(v.xres()) + "\",\n\t\"ck\": \"" + upper(v.ck())
                + "\",\n\t\"ik\": \"" + upper(v.ik()) + "\"\n}"), get(randAutn(v) + "&app=isim"));
        String body = "{\"error\":{\"message\":\"unknown app (usim or isim)\"}}";
        assertEquals("HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: " + body.length()
                + "\r\n\r\n" + body, get(randAutn(v) + "&app=csim"));
    }

    @Test
    void aWrongMacIs200WithTheSimAuthErrorBody() throws Exception {
        AuthenticationVector v = TestCard.SET_1.challenge(TestCard.sqn(seq.getAndIncrement(), 0));
        byte[] autn = v.autn();
        autn[8] ^= (byte) 0x80;

        assertEquals(ok("{\"error\":{\"message\":\"authentication error, incorrect MAC\",\"status_word\":\"9862\","
                + "\"reason\":\"incorrect_mac\"}}"), get("/?type=rand-autn&rand=" + upper(v.rand()) + "&autn=" + upper(autn)));
    }

    @Test
    void apduAnswersDataAndStatusWordApart() throws Exception {
        assertEquals(ok("{\n\t\"data\": \"\",\n\t\"sw1\": \"90\",\n\t\"sw2\": \"00\"\n}"), get("/?type=apdu&hex=00A4000C023F00"));
        // SELECT EF.ICCID by path from the MF, then READ BINARY of its 10 bytes (BCD, nibbles swapped)
        assertEquals(ok("{\n\t\"data\": \"\",\n\t\"sw1\": \"90\",\n\t\"sw2\": \"00\"\n}"), get("/?type=apdu&hex=00A4080C022FE2"));
        assertEquals(ok("{\n\t\"data\": \"988812010000000010F1\",\n\t\"sw1\": \"90\",\n\t\"sw2\": \"00\"\n}"),
                get("/?type=apdu&hex=00B000000A"));
        // raw: the card's own procedure bytes come back, nobody fetched them
        assertEquals(ok("{\n\t\"data\": \"\",\n\t\"sw1\": \"6C\",\n\t\"sw2\": \"0A\"\n}"), get("/?type=apdu&hex=00B0000010"));
    }

    @Test
    void theSlotParameterPicksAnotherSlot() throws Exception {
        assertEquals(ok("{\n\t\"imsi\": \"001010000000002\"\n}"), get("/?type=imsi&slot=1"));
        AuthenticationVector v = TestCard.SET_2.challenge(TestCard.sqn(1, 0));
        assertEquals(ok("{\n\t\"res\": \"" + upper(v.xres()) + "\",\n\t\"ck\": \"" + upper(v.ck())
                + "\",\n\t\"ik\": \"" + upper(v.ik()) + "\"\n}"), get("/?slot=1&" + randAutn(v).substring(2)));
        String body = "{\"error\":{\"message\":\"no slot 9\"}}";
        assertEquals("HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: " + body.length()
                + "\r\n\r\n" + body, get("/?type=imsi&slot=9"));
    }

    @Test
    void plainHttpServesTheSameContract() throws Exception {
        try (RawConnection connection = gateway.connectHttp()) {
            assertEquals(ok("{\n\t\"imsi\": \"001010000000001\"\n}"), connection.write(RawConnection.get("/?type=imsi")).read().raw());
        }
    }

    @Test
    void malformedQueriesAre400() throws Exception {
        String body = "{\"error\":{\"message\":\"rand must be 16 bytes of hex (32 digits)\"}}";
        assertEquals("HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: " + body.length()
                + "\r\n\r\n" + body, get("/?type=rand-autn&rand=00&autn=00"));
    }
}
