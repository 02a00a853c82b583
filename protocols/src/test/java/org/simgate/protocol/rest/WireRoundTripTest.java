package org.simgate.protocol.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.simgate.service.Application;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.CardInfo;
import org.simgate.service.DeriveRequest;
import org.simgate.service.DerivedKeys;
import org.simgate.service.FrontLink;
import org.simgate.service.SlotLoan;
import org.simgate.service.SlotStatus;
import org.simgate.service.SubscriptionConcealedIdentifier;
import org.simgate.service.SuciRequest;

/**
 * SimAuthWire and RestWire as a client and the server use them: what a client encodes the
 * server's parsers read back unchanged, and what the server writes a client reads back to the
 * same value (written again, the same bytes). The exact bodies pin the wire of DESIGN.md.
 */
class WireRoundTripTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;
    private static final HexFormat HEX = HexFormat.of();

    private static String text(ByteBuf body) {
        try {
            return body.toString(StandardCharsets.UTF_8);
        } finally {
            body.release();
        }
    }

    /** Written by the server, read by a client, written again: the same text both times. */
    private static <T> String roundTrip(T value, Function<T, ByteBuf> write, Function<JsonNode, T> read)
            throws Exception {
        String written = text(write.apply(value));
        assertEquals(written, text(write.apply(read.apply(JSON.readTree(written)))));
        return written;
    }

    @Test
    void theServerReadsBackTheAuthRequestAClientSends() throws Exception {
        AuthRequest request = new AuthRequest(Application.ISIM, HEX.parseHex("23553cbe9637a89d218ae64dae47bf35"),
                HEX.parseHex("55f328b43577b9b94a9ffac354dfafb3"), new DeriveRequest(
                        new DeriveRequest.FiveG("5G:mnc001.mcc001.3gppnetwork.org", "imsi-001010000000001", null),
                        new DeriveRequest.EapAkaPrime("WLAN", "0001010000000001@wlan"), new DeriveRequest.Eps("001", "01")));

        byte[] body = SimAuthWire.request(request);

        assertEquals("{\"rand\":\"23553cbe9637a89d218ae64dae47bf35\",\"autn\":\"55f328b43577b9b94a9ffac354dfafb3\","
                + "\"application\":\"ISIM\",\"derive\":{\"5g\":{\"serving_network_name\":\"5G:mnc001.mcc001.3gppnetwork.org\","
                + "\"abba\":\"0000\",\"supi\":\"imsi-001010000000001\"},\"eap_aka_prime\":{\"network_name\":\"WLAN\","
                + "\"identity\":\"0001010000000001@wlan\"},\"eps\":{\"mcc\":\"001\",\"mnc\":\"01\"}}}",
                new String(body, StandardCharsets.UTF_8));
        AuthRequest read = RequestBodies.authRequest(Unpooled.wrappedBuffer(body));
        assertArrayEquals(body, SimAuthWire.request(read));
    }

    @Test
    void theServerReadsBackTheApdusAClientSends() throws Exception {
        List<byte[]> apdus = List.of(HEX.parseHex("00a4040c07a0000000871002"), HEX.parseHex("80f2000000"));

        byte[] body = RestWire.apduRequest(apdus);

        assertEquals("{\"apdus\":[\"00A4040C07A0000000871002\",\"80F2000000\"]}", new String(body, StandardCharsets.UTF_8));
        List<byte[]> read = RequestBodies.apdus(Unpooled.wrappedBuffer(body));
        assertEquals(2, read.size());
        assertArrayEquals(apdus.get(0), read.get(0));
        assertArrayEquals(apdus.get(1), read.get(1));
    }

    @Test
    void theServerReadsBackTheSuciQueryAClientSends() throws Exception {
        SuciRequest request = new SuciRequest(1, 7, HEX.parseHex("5a8d38864820197c3394b92613b20b91633cbd897119273bf8e4a6f4eec0a650"), "12");

        String query = RestWire.suciQuery(request);

        assertEquals("?scheme=1&hn_key_id=7&hn_public_key=5a8d38864820197c3394b92613b20b91633cbd897119273bf8e4a6f4eec0a650"
                + "&routing_indicator=12", query);
        SuciRequest read = SuciQuery.parse(query.substring(1));
        assertEquals(RestWire.suciQuery(read), query);
    }

    @Test
    void aClientReadsEveryAuthAnswerAsTheServerMeantIt() throws Exception {
        byte[] res = HEX.parseHex("a54211d5e3ba50bf");
        byte[] ck = HEX.parseHex("b40ba9a3c58b2a05bbf0d987b21bf8cb");
        byte[] ik = HEX.parseHex("f769bcd751044604127672711c6d3441");
        byte[] key = HEX.parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        List<AuthResult> results = List.of(
                new AuthResult.Success(res, ck, ik, HEX.parseHex("771a2c995172ac42")),
                new AuthResult.Success(res, ck, ik, null).withDerived(new DerivedKeys(HEX.parseHex("0011"), key, key,
                        null, null, null, null, null, null, null, null, key)),
                new AuthResult.SyncFailure(HEX.parseHex("dc2a591fe072c92d7c46ecfe97e5")),
                new AuthResult.Rejected(0x9862, AuthResult.Reason.INCORRECT_MAC),
                new AuthResult.Rejected(0x6f00, AuthResult.Reason.CARD_ERROR));
        for (AuthResult result : results) {
            roundTrip(result, r -> SimAuthWire.answer(ALLOC, r), SimAuthWire::answer);
        }
        assertEquals("{\"successful_3g_authentication\":{\"res\":\"a54211d5e3ba50bf\","
                + "\"ck\":\"b40ba9a3c58b2a05bbf0d987b21bf8cb\",\"ik\":\"f769bcd751044604127672711c6d3441\","
                + "\"kc\":\"771a2c995172ac42\"}}", text(SimAuthWire.answer(ALLOC, results.get(0))));
        assertEquals("{\"error\":{\"message\":\"authentication error, incorrect MAC\",\"status_word\":\"9862\","
                + "\"reason\":\"incorrect_mac\"}}", text(SimAuthWire.answer(ALLOC, results.get(3))));
    }

    @Test
    void aClientReadsTheOtherAnswersAsTheServerMeantThem() throws Exception {
        roundTrip(new CardInfo("001010000000001", "8988211000000000001", HEX.parseHex("3b9f96801fc78031a073be21"),
                List.of("USIM", "ISIM")), i -> RestWire.cardInfo(ALLOC, i), RestWire::cardInfo);
        roundTrip(new SubscriptionConcealedIdentifier("suci-0-001-01-0000-0-0-0000000001", "001", "01", "0000", 0, 0,
                "0000000001"), s -> RestWire.suci(ALLOC, s), RestWire::suci);
        assertEquals("{\"responses\":[\"6121\",\"9000\"]}", roundTrip(List.of(HEX.parseHex("6121"), HEX.parseHex("9000")),
                r -> RestWire.apduResponses(ALLOC, r), RestWire::apduResponses));
        roundTrip(List.of(new SlotStatus(0, "sim0", "simcard", SlotStatus.State.PRESENT, HEX.parseHex("3b00"), 2, null, true),
                new SlotStatus(1, "modem", "at", SlotStatus.State.TRANSPORT_DOWN, null, 0, "no answer", false)),
                s -> RestWire.slots(ALLOC, s), RestWire::slots);
    }

    @Test
    void aSlotsTransportDetailGoesOutInOrderOnlyWhenThereIsOne() throws Exception {
        java.util.Map<String, String> detail = new java.util.LinkedHashMap<>();
        detail.put("server_link", "up");
        detail.put("bank_link", "down");
        detail.put("mapping", null);
        detail.put("bank_problem", "cannot connect: \"refused\"");
        List<SlotStatus> slots = List.of(new SlotStatus(7, "remote", "remsim", SlotStatus.State.NO_CARD, null, 0, null,
                false, detail), new SlotStatus(0, "sim0", "simcard", SlotStatus.State.PRESENT, null, 0, null, false));
        assertEquals("{\"slots\":[{\"id\":7,\"name\":\"remote\",\"transport\":\"remsim\",\"state\":\"no_card\","
                + "\"atr\":null,\"queue_depth\":0,\"last_error\":null,\"apdu_allowed\":false,\"transport_detail\":"
                + "{\"server_link\":\"up\",\"bank_link\":\"down\",\"mapping\":null,"
                + "\"bank_problem\":\"cannot connect: \\\"refused\\\"\"}},"
                + "{\"id\":0,\"name\":\"sim0\",\"transport\":\"simcard\",\"state\":\"present\",\"atr\":null,"
                + "\"queue_depth\":0,\"last_error\":null,\"apdu_allowed\":false}]}",
                roundTrip(slots, s -> RestWire.slots(ALLOC, s), RestWire::slots));
        assertEquals(detail, RestWire.slots(JSON.readTree(text(RestWire.slots(ALLOC, slots)))).get(0).transportDetail());
    }

    @Test
    void aLentSlotAndTheFrontsLinksGoOutInTheirRecordsOrderAndComeBack() throws Exception {
        SlotLoan loan = new SlotLoan("remsim-bankd", "bank 1 slot 0", "client 7:0", true, "127.0.0.1:40312",
                Instant.parse("2026-12-07T16:20:00Z"), 12);
        FrontLink link = new FrontLink("remsim-bankd", "server", FrontLink.State.CONNECTED, "127.0.0.1:9998", "bank 1",
                Instant.parse("2026-12-07T16:19:58Z"), 2, null);
        List<SlotStatus> slots = List.of(new SlotStatus(0, "sim0", "simcard", SlotStatus.State.PRESENT, null, 0, null,
                true, java.util.Map.of(), List.of(loan)));
        String text = text(RestWire.slots(ALLOC, slots, List.of(link)));
        assertEquals("{\"slots\":[{\"id\":0,\"name\":\"sim0\",\"transport\":\"simcard\",\"state\":\"present\","
                + "\"atr\":null,\"queue_depth\":0,\"last_error\":null,\"apdu_allowed\":true,\"lent\":[{"
                + "\"front\":\"remsim-bankd\",\"as\":\"bank 1 slot 0\",\"borrower\":\"client 7:0\",\"connected\":true,"
                + "\"peer\":\"127.0.0.1:40312\",\"since\":\"2026-12-07T16:20:00Z\",\"commands\":12}]}],"
                + "\"links\":[{\"front\":\"remsim-bankd\",\"link\":\"server\",\"state\":\"connected\","
                + "\"peer\":\"127.0.0.1:9998\",\"as\":\"bank 1\",\"since\":\"2026-12-07T16:19:58Z\","
                + "\"reconnects\":2,\"problem\":null}]}", text);
        JsonNode json = JSON.readTree(text);
        assertEquals(List.of(loan), RestWire.slots(json).get(0).lent());
        assertEquals(List.of(link), RestWire.links(json));
        assertEquals(List.of(), RestWire.links(JSON.readTree(text(RestWire.slots(ALLOC, slots)))), "no links, no key");
    }

    @Test
    void aClientReadsTheMessageOfAnErrorBody() throws Exception {
        assertEquals("no card in slot", RestWire.errorMessage(JSON.readTree(text(RestWire.error(ALLOC, "no card in slot")))));
    }
}
