package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.simgate.transport.Hex.lower;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.simgate.aka.AkaOutput;
import org.simgate.aka.AuthenticationVector;
import org.simgate.aka.GsmConversion;
import org.simgate.aka.Milenage;
import org.simgate.transport.Hex;

/**
 * {@code POST /sim-auth-api/v1/slot/{n}} over real sockets, HTTP and HTTPS: every answer the card
 * can give and every HTTP error the server can give, each with its exact body.
 */
public class SimAuthApiTest {
    @TempDir
    static Path dir;
    static RunningGateway gateway;
    /** SEQ for slot 0's next challenge (IND 0); every test takes its own, so the order of tests does not matter. */
    static final AtomicLong seq = new AtomicLong(1);

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(dir, RunningGateway.slots(
                TestCard.SET_1.inSlot(0, "allow-apdu = true", "isim { impi = \"001010000000001@ims.mnc001.mcc001.3gppnetwork.org\" }"),
                TestCard.SET_2.inSlot(1, "", ""),
                TestCard.SET_1.inSlot(2, "", "inserted = false")));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    static AuthenticationVector freshChallenge() {
        return TestCard.SET_1.challenge(TestCard.sqn(seq.getAndIncrement(), 0));
    }

    /** The sim-auth request for {@code v}: its RAND and AUTN. */
    public static String body(AuthenticationVector v) {
        return "{\"rand\":\"" + lower(v.rand()) + "\",\"autn\":\"" + lower(v.autn()) + "\"}";
    }

    /** The card's answer to {@code v}, as sim-auth writes it. */
    public static String success(AuthenticationVector v) {
        return "{\"successful_3g_authentication\":{\"res\":\"" + lower(v.xres()) + "\",\"ck\":\"" + lower(v.ck())
                + "\",\"ik\":\"" + lower(v.ik()) + "\",\"kc\":\"" + lower(v.kc()) + "\"}}";
    }

    static Http.Response post(String scheme, int slot, String json) {
        return gateway.client().post(gateway.base(scheme).resolve("/sim-auth-api/v1/slot/" + slot), json);
    }

    static Http.Response post(int slot, String json) {
        return post("http", slot, json);
    }

    static void assertAnswer(int status, String body, Http.Response response) {
        assertEquals(status + " " + body, response.status() + " " + response.body());
        assertEquals("application/json", response.header("content-type"));
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"http", "https"})
    void successAnswersResCkIkAndKcAsMilenageComputesThemFromTheSlotsKAndOpc(String scheme) {
        AuthenticationVector challenge = freshChallenge();
        // what the card must answer, computed here from K and OPc alone (TS 35.206, TS 33.102 c3)
        AkaOutput expected = Milenage.withOpc(Hex.decode(TestCard.SET_1.k()), Hex.decode(TestCard.SET_1.opc()))
                .f2345(challenge.rand());
        byte[] kc = GsmConversion.c3(expected.ck(), expected.ik());

        Http.Response response = post(scheme, 0, body(challenge));

        assertAnswer(200, "{\"successful_3g_authentication\":{\"res\":\"" + lower(expected.res())
                + "\",\"ck\":\"" + lower(expected.ck()) + "\",\"ik\":\"" + lower(expected.ik())
                + "\",\"kc\":\"" + lower(kc) + "\"}}", response);
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"http", "https"})
    void aReplayedChallengeIsASynchronisationFailureWhoseAutsTheNetworkAccepts(String scheme) throws Exception {
        AuthenticationVector challenge = freshChallenge();
        assertAnswer(200, success(challenge), post(scheme, 0, body(challenge)));

        Http.Response replay = post(scheme, 0, body(challenge));

        assertEquals(200, replay.status());
        String auts = replay.json().path("synchronisation_failure").path("auts").asText();
        assertEquals("{\"synchronisation_failure\":{\"auts\":\"" + auts + "\"}}", replay.body());
        assertEquals(28, auts.length(), "AUTS is 14 bytes");
        assertEquals(lower(Hex.decode(auts)), auts, "lowercase hex");
        // the card's SQN_MS, recovered by the home network (f5*, MAC-S checked), is the SQN it accepted
        assertEquals(challenge.sqn(), TestCard.SET_1.network().resynchronise(challenge.rand(), Hex.decode(auts)));
    }

    @Test
    void aFlippedBitInAutnIsAnIncorrectMacAnswered200InPySimsErrorShape() {
        AuthenticationVector challenge = freshChallenge();
        byte[] autn = challenge.autn();
        autn[15] ^= 0x01; // the last bit of MAC-A

        Http.Response response = post(0, "{\"rand\":\"" + lower(challenge.rand()) + "\",\"autn\":\"" + lower(autn) + "\"}");

        assertAnswer(200, "{\"error\":{\"message\":\"authentication error, incorrect MAC\",\"status_word\":\"9862\","
                + "\"reason\":\"incorrect_mac\"}}", response);
    }

    @Test
    void theIsimAuthenticatesWithTheCardsKeysAndAnswersNoKc() {
        AuthenticationVector challenge = freshChallenge();

        Http.Response response = post(0, "{\"rand\":\"" + lower(challenge.rand()) + "\",\"autn\":\""
                + lower(challenge.autn()) + "\",\"application\":\"ISIM\"}");

        // TS 31.103: the ISIM's 3G answer has RES, CK and IK, never the GSM Kc
        assertAnswer(200, "{\"successful_3g_authentication\":{\"res\":\"" + lower(challenge.xres())
                + "\",\"ck\":\"" + lower(challenge.ck()) + "\",\"ik\":\"" + lower(challenge.ik()) + "\"}}", response);
    }

    @Test
    void usimIsTheDefaultApplicationAndMayBeNamed() {
        AuthenticationVector challenge = freshChallenge();

        assertAnswer(200, success(challenge), post(0, "{\"rand\":\"" + lower(challenge.rand()) + "\",\"autn\":\""
                + lower(challenge.autn()) + "\",\"application\":\"USIM\"}"));
    }

    @Test
    void hexIsAcceptedInEitherCaseAndAnsweredInLowercase() {
        AuthenticationVector upper = freshChallenge();
        assertAnswer(200, success(upper), post(0, "{\"rand\":\"" + Hex.upper(upper.rand()) + "\",\"autn\":\""
                + Hex.upper(upper.autn()) + "\"}"));

        AuthenticationVector mixed = freshChallenge();
        String rand = Hex.upper(mixed.rand()).substring(0, 16) + lower(mixed.rand()).substring(16);
        assertAnswer(200, success(mixed), post(0, "{\"rand\":\"" + rand + "\",\"autn\":\"" + Hex.upper(mixed.autn()) + "\"}"));
    }

    @Test
    void theOtherSlotAnswersWithItsOwnCardsKeys() {
        AuthenticationVector challenge = TestCard.SET_2.challenge(TestCard.sqn(1, 0));

        assertAnswer(200, success(challenge), post(1, body(challenge)));
    }

    @Test
    void malformedBodiesAre400WithAMessageThatQuotesNothing() {
        String rand = "\"rand\":\"" + "23553cbe9637a89d218ae64dae47bf35\"";
        String autn = "\"autn\":\"" + "aa689c648370b9b94a9ffac354dfafb3\"";
        assertAnswer(400, "{\"error\":{\"message\":\"malformed JSON body\"}}", post(0, "{" + rand + "," + autn));
        assertAnswer(400, "{\"error\":{\"message\":\"malformed JSON body\"}}", post(0, "rand=23553cbe"));
        assertAnswer(400, "{\"error\":{\"message\":\"body must be a JSON object\"}}", post(0, "[" + "\"x\"]"));
        assertAnswer(400, "{\"error\":{\"message\":\"body must be a JSON object\"}}", post(0, ""));
        assertAnswer(400, "{\"error\":{\"message\":\"missing autn\"}}", post(0, "{" + rand + "}"));
        assertAnswer(400, "{\"error\":{\"message\":\"missing rand\"}}", post(0, "{" + autn + "}"));
        assertAnswer(400, "{\"error\":{\"message\":\"rand must be 16 bytes of hex (32 digits)\"}}",
                post(0, "{\"rand\":\"23553cbe9637a89d218ae64dae47bf\"," + autn + "}"));
        assertAnswer(400, "{\"error\":{\"message\":\"autn must be 16 bytes of hex (32 digits)\"}}",
                post(0, "{" + rand + ",\"autn\":\"zz689c648370b9b94a9ffac354dfafb3\"}"));
        assertAnswer(400, "{\"error\":{\"message\":\"autn must be 16 bytes of hex (32 digits)\"}}",
                post(0, "{" + rand + ",\"autn\":1234}"));
        assertAnswer(400, "{\"error\":{\"message\":\"unknown application (USIM or ISIM)\"}}",
                post(0, "{" + rand + "," + autn + ",\"application\":\"CSIM\"}"));
        assertAnswer(400, "{\"error\":{\"message\":\"bad slot number\"}}",
                gateway.client().post(gateway.http("/sim-auth-api/v1/slot/zero"), "{" + rand + "," + autn + "}"));
    }

    @Test
    void anUnknownSlotIs404AndSoIsAnUnknownPath() {
        AuthenticationVector challenge = freshChallenge();
        assertAnswer(404, "{\"error\":{\"message\":\"no slot 7\"}}", post(7, body(challenge)));
        assertAnswer(404, "{\"error\":{\"message\":\"no such resource\"}}",
                gateway.client().post(gateway.http("/sim-auth-api/v2/slot/0"), body(challenge)));
        assertAnswer(404, "{\"error\":{\"message\":\"no such resource\"}}",
                gateway.client().get(gateway.https("/index.html")));
    }

    @Test
    void aGetOnSimAuthIs405AndAllowSaysPost() {
        Http.Response response = gateway.client().get(gateway.http("/sim-auth-api/v1/slot/0"));

        assertAnswer(405, "{\"error\":{\"message\":\"method not allowed, use POST\"}}", response);
        assertEquals("POST", response.header("allow"));
    }

    @Test
    void aSlotWithoutACardIs410() {
        assertAnswer(410, "{\"error\":{\"message\":\"simgate slot 2: no card in slot\"}}", post(2, body(freshChallenge())));
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String padded = "{\"rand\":\"23553cbe9637a89d218ae64dae47bf35\",\"autn\":\"aa689c648370b9b94a9ffac354dfafb3\","
                + "\"padding\":\"" + "x".repeat(9000) + "\"}";

        assertAnswer(413, "{\"error\":{\"message\":\"request body larger than 8192 bytes\"}}", post(0, padded));
    }

    @Test
    void rawApdusOnASlotWithoutAllowApduAre403() {
        assertAnswer(403, "{\"error\":{\"message\":\"simgate slot 1 does not allow raw APDUs (set allow-apdu = true)\"}}",
                gateway.client().post(gateway.http("/apdu-api/v1/slot/1"), "{\"apdus\":[\"00A4000C023F00\"]}"));
        assertAnswer(403, "{\"error\":{\"message\":\"simgate slot 1 does not allow raw APDUs (set allow-apdu = true)\"}}",
                gateway.client().get(gateway.https("/?type=apdu&hex=00A4000C023F00&slot=1")));
    }
}
