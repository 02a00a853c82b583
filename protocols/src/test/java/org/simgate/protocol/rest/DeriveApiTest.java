package org.simgate.protocol.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.protocol.rest.EmbeddedRest.post;

import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.DeriveRequest;
import org.simgate.service.DerivedKeys;

/** The optional "derive" object of sim-auth: how it is read, refused, and how derived keys are answered. */
class DeriveApiTest {
    private static final String RAND = "00112233445566778899aabbccddeeff";
    private static final String AUTN = "de656c8b0bcf80004af30b82a8531115";
    private static final HexFormat HEX = HexFormat.of();

    private final FakeSimService service = new FakeSimService();
    private final EmbeddedRest rest = new EmbeddedRest(service);

    private EmbeddedRest.Answer auth(String derive) {
        return rest.send(post("/sim-auth-api/v1/slot/0",
                "{\"rand\":\"" + RAND + "\",\"autn\":\"" + AUTN + "\",\"derive\":" + derive + "}")).answer();
    }

    @Test
    void everyPartIsReadIntoTheRequest() {
        auth("{\"5g\":{\"serving_network_name\":\"5G:mnc001.mcc001.3gppnetwork.org\",\"supi\":\"imsi-001010123456789\","
                + "\"abba\":\"0001\"},\"eap_aka_prime\":{\"network_name\":\"WLAN\",\"identity\":\"0555444333222111\"},"
                + "\"eps\":{\"plmn\":\"001f01\"},\"future\":{\"x\":1}}");

        DeriveRequest derive = service.authRequests.get(0).derive();
        assertEquals("5G:mnc001.mcc001.3gppnetwork.org", derive.fiveG().servingNetworkName());
        assertEquals("001010123456789", derive.fiveG().supiValue());
        assertArrayEquals(new byte[] {0, 1}, derive.fiveG().abba());
        assertEquals(new DeriveRequest.EapAkaPrime("WLAN", "0555444333222111"), derive.eapAkaPrime());
        assertEquals(new DeriveRequest.Eps("001", "01"), derive.eps());
    }

    @Test
    void abbaDefaultsTo0000AndEpsTakesMccAndMnc() {
        auth("{\"5g\":{\"serving_network_name\":\"5G:mnc093.mcc208.3gppnetwork.org\"},\"eps\":{\"mcc\":\"310\",\"mnc\":\"410\"}}");

        DeriveRequest derive = service.authRequests.get(0).derive();
        assertArrayEquals(new byte[2], derive.fiveG().abba());
        assertNull(derive.fiveG().supi());
        assertNull(derive.eapAkaPrime());
        assertEquals(new DeriveRequest.Eps("310", "410"), derive.eps());
    }

    @Test
    void withoutDeriveOrWithNullThereIsNone() {
        EmbeddedRest.Answer without = rest.send(post("/sim-auth-api/v1/slot/0",
                "{\"rand\":\"" + RAND + "\",\"autn\":\"" + AUTN + "\"}")).answer();
        EmbeddedRest.Answer withNull = auth("null");

        String plain = "{\"successful_3g_authentication\":{\"res\":\"a54211d5e3ba50bf\","
                + "\"ck\":\"b40ba9a3c58b2a05bbf0d987b21bf8cb\",\"ik\":\"f769bcd751044604127672711c6d3441\","
                + "\"kc\":\"eae4be823af9a08b\"}}";
        assertEquals("200 " + plain, without.status() + " " + without.body());
        assertEquals("200 " + plain, withNull.status() + " " + withNull.body());
        assertEquals(2, service.authRequests.size(), "both requests reached the card");
        for (AuthRequest request : service.authRequests) {
            assertArrayEquals(HEX.parseHex(RAND), request.rand());
            assertNull(request.derive());
        }
    }

    @Test
    void derivedKeysAreAnsweredNextToResCkIkInLowercase() {
        byte[] k16 = HEX.parseHex("000102030405060708090a0b0c0d0eff");
        byte[] k32 = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1eff");
        service.authResult = new AuthResult.Success(FakeSimService.RES, FakeSimService.CK, FakeSimService.IK, null,
                new DerivedKeys(k16, k32, k32, null, null, null, null, null, null, null, null, k32));

        EmbeddedRest.Answer answer = auth("{\"5g\":{\"serving_network_name\":\"5G:mnc001.mcc001.3gppnetwork.org\"},"
                + "\"eps\":{\"plmn\":\"001F01\"}}");

        assertEquals(200, answer.status());
        String k32hex = HEX.formatHex(k32);
        assertEquals("{\"successful_3g_authentication\":{\"res\":\"a54211d5e3ba50bf\","
                + "\"ck\":\"b40ba9a3c58b2a05bbf0d987b21bf8cb\",\"ik\":\"f769bcd751044604127672711c6d3441\","
                + "\"res_star\":\"" + HEX.formatHex(k16) + "\",\"kausf\":\"" + k32hex + "\",\"kseaf\":\"" + k32hex
                + "\",\"kasme\":\"" + k32hex + "\"}}", answer.body());
    }

    @Test
    void gbaIsReadAloneAndAnsweredAsKsNafAndBTid() {
        byte[] k32 = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1eff");
        service.authResult = new AuthResult.Success(FakeSimService.RES, FakeSimService.CK, FakeSimService.IK, null,
                new DerivedKeys(null, null, null, null, null, null, null, null, null, null, null, null)
                        .withGba(k32, "I1U8vpY3qJ0hiuZNrke/NQ==@bsf.mnc001.mcc001.pub.3gppnetwork.org"));

        EmbeddedRest.Answer answer = auth("{\"gba\":{\"naf_id\":\"naf.example.org|0100000002\","
                + "\"impi\":\"001010000000001@ims.mnc001.mcc001.3gppnetwork.org\"}}");

        DeriveRequest.Gba gba = service.authRequests.get(0).derive().gba();
        assertEquals("naf.example.org", gba.nafFqdn());
        assertArrayEquals(HEX.parseHex("0100000002"), gba.uaProtocolId());
        assertEquals("001010000000001@ims.mnc001.mcc001.3gppnetwork.org", gba.impi());
        assertEquals("{\"successful_3g_authentication\":{\"res\":\"a54211d5e3ba50bf\","
                + "\"ck\":\"b40ba9a3c58b2a05bbf0d987b21bf8cb\",\"ik\":\"f769bcd751044604127672711c6d3441\","
                + "\"ks_naf\":\"" + HEX.formatHex(k32) + "\",\"b_tid\":\"I1U8vpY3qJ0hiuZNrke/NQ==@bsf.mnc001.mcc001.pub"
                + ".3gppnetwork.org\"}}", answer.body());
    }

    static Stream<Arguments> badDerives() {
        return Stream.of(
                Arguments.of("{\"5g\":{\"serving_network_name\":\"5G:mnc01.mcc001.3gppnetwork.org\"}}",
                        "derive.5g.serving_network_name: the MNC has 2 digits: the serving network name pads it to 3"
                                + " with a leading zero (TS 24.501 §9.12.1), so write 5G:mnc001.mcc001.3gppnetwork.org"),
                Arguments.of("{\"5g\":{\"serving_network_name\":\"mnc001.mcc001.3gppnetwork.org\"}}",
                        "derive.5g.serving_network_name: must start with the service code \"5G:\" (TS 33.501 §6.1.1.4)"),
                Arguments.of("{\"5g\":{\"serving_network_name\":\"5G:MNC001.MCC001.3GPPNETWORK.ORG\"}}",
                        "derive.5g.serving_network_name: must be 5G:mnc<MNC>.mcc<MCC>.3gppnetwork.org in lower case,"
                                + " with a 3-digit MNC and MCC (TS 24.501 §9.12.1)"),
                Arguments.of("{\"5g\":{\"serving_network_name\":\"5G:mnc001.mcc01.3gppnetwork.org\"}}",
                        "derive.5g.serving_network_name: the MCC must have 3 digits, it has 2"),
                Arguments.of("{\"5g\":{}}", "derive.5g.serving_network_name: missing"),
                Arguments.of("{\"5g\":{\"serving_network_name\":5}}", "derive.5g.serving_network_name: must be a string"),
                Arguments.of("{\"5g\":{\"serving_network_name\":\"5G:mnc001.mcc001.3gppnetwork.org\",\"supi\":\"001010123456789\"}}",
                        "derive.5g.supi: must be imsi-<digits> or nai-<NAI> (TS 29.503)"),
                Arguments.of("{\"5g\":{\"serving_network_name\":\"5G:mnc001.mcc001.3gppnetwork.org\",\"abba\":\"00\"}}",
                        "derive.5g.abba: must be 2 to 255 bytes of hex (TS 24.501 §9.11.3.10)"),
                Arguments.of("{\"5g\":{\"serving_network_name\":\"5G:mnc001.mcc001.3gppnetwork.org\",\"abba\":\"zz00\"}}",
                        "derive.5g.abba: must be hex"),
                Arguments.of("{\"eap_aka_prime\":{\"network_name\":\"WLAN\"}}", "derive.eap_aka_prime.identity: missing"),
                Arguments.of("{\"eap_aka_prime\":{\"network_name\":\"5G:mnc01.mcc001.3gppnetwork.org\",\"identity\":\"x\"}}",
                        "derive.eap_aka_prime.network_name: the MNC has 2 digits: the serving network name pads it to 3"
                                + " with a leading zero (TS 24.501 §9.12.1), so write 5G:mnc001.mcc001.3gppnetwork.org"),
                Arguments.of("{\"eps\":{\"plmn\":\"00f110\"}}", "derive.eps.plmn: must be MCC, f, 2-digit MNC"
                        + " (001f01 for MCC 001, MNC 01); for a 3-digit MNC give mcc and mnc instead"),
                Arguments.of("{\"eps\":{\"plmn\":\"001f01\",\"mcc\":\"001\"}}", "derive.eps: give plmn, or mcc and mnc, not both"),
                Arguments.of("{\"eps\":{\"mcc\":\"001\"}}", "derive.eps.mnc: must be 2 or 3 digits"),
                Arguments.of("{\"eps\":{}}", "derive.eps: give plmn, or mcc and mnc"),
                Arguments.of("{}", "derive: ask for at least one of 5g, eap_aka_prime, eps, gba"),
                Arguments.of("{\"5G\":{\"serving_network_name\":\"5G:mnc001.mcc001.3gppnetwork.org\"}}",
                        "derive: ask for at least one of 5g, eap_aka_prime, eps, gba; \"5G\" is none of them"),
                Arguments.of("{\"k\\u001b[2J\":{}}",
                        "derive: ask for at least one of 5g, eap_aka_prime, eps, gba; what was asked for is none of them"),
                Arguments.of("{\"gba\":{\"naf_id\":\"naf.example.org\",\"impi\":\"a@b\"}}",
                        "derive.gba.naf_id: must be <NAF FQDN>|<Ua security protocol id, 10 hex digits>"),
                Arguments.of("{\"gba\":{\"naf_id\":\"naf.example.org|0100\",\"impi\":\"a@b\"}}",
                        "derive.gba.naf_id: the Ua security protocol identifier after | must be 5 octets (10 hex digits,"
                                + " TS 33.220 Annex H)"),
                Arguments.of("{\"gba\":{\"naf_id\":\"naf.example.org|01000000zz\",\"impi\":\"a@b\"}}",
                        "derive.gba.naf_id: the Ua security protocol identifier after | must be hex"),
                Arguments.of("{\"gba\":{\"naf_id\":\"naf example|0100000002\",\"impi\":\"a@b\"}}",
                        "derive.gba.naf_id: must be <NAF FQDN>|<Ua security protocol id, 10 hex digits>"),
                Arguments.of("{\"gba\":{\"naf_id\":\"naf.example.org|0100000002\"}}", "derive.gba.impi: missing"),
                Arguments.of("{\"gba\":{\"naf_id\":\"naf.example.org|0100000002\",\"impi\":\"001010000000001\"}}",
                        "derive.gba.impi: must be user@realm (TS 23.003 §13.3)"),
                Arguments.of("[]", "derive: must be an object"),
                Arguments.of("{\"5g\":\"5G:mnc001.mcc001.3gppnetwork.org\"}", "derive.5g: must be an object"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badDerives")
    void aBadDeriveIsA400SayingExactlyWhatIsWrongAndTheCardIsNotTouched(String derive, String message) {
        EmbeddedRest.Answer answer = auth(derive);

        assertEquals(400, answer.status());
        assertEquals("{\"error\":{\"message\":\"" + message.replace("\"", "\\\"") + "\"}}", answer.body());
        assertTrue(service.authRequests.isEmpty(), "refused before the card");
    }
}
