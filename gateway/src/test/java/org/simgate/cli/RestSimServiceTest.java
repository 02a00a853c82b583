package org.simgate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.simgate.service.Application;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.CardInfo;
import org.simgate.service.SlotException;
import org.simgate.service.SlotException.Kind;
import org.simgate.service.SlotStatus;
import org.simgate.transport.Hex;

/** RestSimService against canned answers of the wire contract in DESIGN.md. */
class RestSimServiceTest {
    private static final byte[] RAND = Hex.decode("23553CBE9637A89D218AE64DAE47BF35");
    private static final byte[] AUTN = Hex.decode("55f328b43577b9b94a9ffac354dfafb3");
    private static final AuthRequest REQUEST = new AuthRequest(Application.ISIM, RAND, AUTN);

    private final List<String> trace = new ArrayList<>();

    private RestSimService service(StubServer server) {
        return RestSimService.connect(server.url(), null, Duration.ofSeconds(5), trace::add);
    }

    private AuthResult authenticate(int status, String body) throws Exception {
        try (StubServer server = StubServer.answering(status, body)) {
            return service(server).authenticate(2, REQUEST).get();
        }
    }

    private static <T> SlotException failure(CompletableFuture<T> future) {
        ExecutionException e = assertThrows(ExecutionException.class, future::get);
        return assertInstanceOf(SlotException.class, e.getCause());
    }

    private SlotException authFailure(int status, String body) throws Exception {
        try (StubServer server = StubServer.answering(status, body)) {
            return failure(service(server).authenticate(0, REQUEST));
        }
    }

    @Test
    void postsRandAutnAndApplicationAsJson() throws Exception {
        try (StubServer server = StubServer.answering(200, "{\"synchronisation_failure\":{\"auts\":\"00\"}}")) {
            service(server).authenticate(2, REQUEST).get();

            StubServer.Request request = server.lastRequest();
            assertEquals("POST", request.method());
            assertEquals("/sim-auth-api/v1/slot/2", request.path());
            assertEquals("application/json", request.contentType());
            JsonNode body = new ObjectMapper().readTree(request.body());
            assertEquals("23553cbe9637a89d218ae64dae47bf35", body.get("rand").asText());
            assertEquals("55f328b43577b9b94a9ffac354dfafb3", body.get("autn").asText());
            assertEquals("ISIM", body.get("application").asText());
            assertEquals(3, body.size());
            assertEquals(List.of("POST " + server.url() + "/sim-auth-api/v1/slot/2", "<- HTTP 200"), trace);
        }
    }

    @Test
    void parsesSuccessWithKc() throws Exception {
        AuthResult result = authenticate(200, "{\"successful_3g_authentication\":{\"res\":\"A54211D5E3BA50BF\","
                + "\"ck\":\"b40ba9a3c58b2a05bbf0d987b21bf8cb\",\"ik\":\"f769bcd751044604127672711c6d3441\",\"kc\":\"771a2c995172ac42\"}}");

        AuthResult.Success success = assertInstanceOf(AuthResult.Success.class, result);
        assertArrayEquals(Hex.decode("a54211d5e3ba50bf"), success.res());
        assertArrayEquals(Hex.decode("b40ba9a3c58b2a05bbf0d987b21bf8cb"), success.ck());
        assertArrayEquals(Hex.decode("f769bcd751044604127672711c6d3441"), success.ik());
        assertArrayEquals(Hex.decode("771a2c995172ac42"), success.kc());
    }

    @Test
    void parsesSuccessWithoutKc() throws Exception {
        AuthResult result = authenticate(200, "{\"successful_3g_authentication\":{\"res\":\"a54211d5e3ba50bf\","
                + "\"ck\":\"b40ba9a3c58b2a05bbf0d987b21bf8cb\",\"ik\":\"f769bcd751044604127672711c6d3441\"}}");

        assertNull(assertInstanceOf(AuthResult.Success.class, result).kc());
    }

    @Test
    void parsesSynchronisationFailure() throws Exception {
        AuthResult result = authenticate(200, "{\"synchronisation_failure\":{\"auts\":\"dc2a591fe072c92d7c46ecfe97e5\"}}");

        assertArrayEquals(Hex.decode("dc2a591fe072c92d7c46ecfe97e5"), assertInstanceOf(AuthResult.SyncFailure.class, result).auts());
    }

    @Test
    void parsesTheCardsRefusals() throws Exception {
        AuthResult mac = authenticate(200, "{\"error\":{\"message\":\"authentication error, incorrect MAC\","
                + "\"status_word\":\"9862\",\"reason\":\"incorrect_mac\"}}");
        AuthResult freshness = authenticate(200, "{\"error\":{\"message\":\"key freshness failure\","
                + "\"status_word\":\"9865\",\"reason\":\"key_freshness_failure\"}}");
        AuthResult other = authenticate(200, "{\"error\":{\"message\":\"card error\",\"status_word\":\"6F00\",\"reason\":\"card_error\"}}");

        assertEquals(new AuthResult.Rejected(0x9862, AuthResult.Reason.INCORRECT_MAC), mac);
        assertEquals(new AuthResult.Rejected(0x9865, AuthResult.Reason.KEY_FRESHNESS_FAILURE), freshness);
        assertEquals(new AuthResult.Rejected(0x6f00, AuthResult.Reason.CARD_ERROR), other);
    }

    @Test
    void takesPySimsHttp500WithStatusWordAsTheCardsRefusal() throws Exception {
        AuthResult result = authenticate(500, "{\"error\":{\"message\":\"Card Authentication Error - Incorrect MAC\","
                + "\"status_word\":\"9862\"}}");

        assertEquals(new AuthResult.Rejected(0x9862, AuthResult.Reason.INCORRECT_MAC), result);
    }

    @Test
    void mapsHttpStatusesToSlotExceptionKinds() throws Exception {
        record Case(int status, String message, Kind kind) {
        }
        for (Case c : List.of(
                new Case(404, "Reader Error: Specified SIM Slot doesn't exist", Kind.NO_SUCH_SLOT),
                new Case(410, "No SIM card inserted in slot", Kind.NO_CARD),
                new Case(503, "slot 0 is busy", Kind.BUSY),
                new Case(503, "slot 0 queue full", Kind.BUSY),
                new Case(503, "reader gone", Kind.TRANSPORT_DOWN),
                new Case(504, "card timeout", Kind.TIMEOUT),
                new Case(403, "raw APDUs not allowed on slot 0", Kind.FORBIDDEN),
                new Case(400, "Malformed Request", Kind.INTERNAL),
                new Case(500, "Protocol Error: boom", Kind.INTERNAL))) {
            SlotException e = authFailure(c.status(), "{\"error\":{\"message\":\"" + c.message() + "\"}}");

            assertEquals(c.kind(), e.kind(), c.toString());
            assertEquals("server answered HTTP " + c.status() + ": " + c.message(), e.getMessage());
        }
    }

    @Test
    void errorWithoutBodyStillMaps() throws Exception {
        SlotException e = authFailure(410, "");

        assertEquals(Kind.NO_CARD, e.kind());
        assertEquals("server answered HTTP 410: no message", e.getMessage());
    }

    @Test
    void doesNotEchoANonJsonBody() throws Exception {
        SlotException e = authFailure(200, "<html>res=a54211d5e3ba50bf</html>");

        assertEquals(Kind.INTERNAL, e.kind());
        assertEquals("server answered HTTP 200 with a body that is not JSON (33 bytes)", e.getMessage());
    }

    @Test
    void namesAMalformedFieldButNotItsValue() throws Exception {
        SlotException e = authFailure(200, "{\"successful_3g_authentication\":{\"res\":\"a54211d5e3ba50bz\","
                + "\"ck\":\"b40ba9a3c58b2a05bbf0d987b21bf8cb\",\"ik\":\"f769bcd751044604127672711c6d3441\"}}");

        assertEquals(Kind.INTERNAL, e.kind());
        assertEquals("server answered 'res' that is not hex", e.getMessage());
        assertFalse(e.getMessage().contains("a54211"));
    }

    @Test
    void refusesAnUnknownAnswer() throws Exception {
        SlotException e = authFailure(200, "{\"something_else\":{}}");

        assertEquals(Kind.INTERNAL, e.kind());
    }

    @Test
    void readsCardInfo() throws Exception {
        try (StubServer server = StubServer.answering(200, "{\"imsi\":\"001010000000001\",\"iccid\":\"8988211000000000001\","
                + "\"atr\":\"3B9F96801FC78031A073BE21136743200718000001A5\",\"applications\":[\"USIM\",\"ISIM\"]}")) {
            CardInfo info = service(server).info(1).get();

            assertEquals("GET", server.lastRequest().method());
            assertEquals("/sim-info-api/v1/slot/1", server.lastRequest().path());
            assertEquals("001010000000001", info.imsi());
            assertEquals("8988211000000000001", info.iccid());
            assertArrayEquals(Hex.decode("3b9f96801fc78031a073be21136743200718000001a5"), info.atr());
            assertEquals(List.of("USIM", "ISIM"), info.applications());
        }
    }

    @Test
    void readsPySimsTwoFieldCardInfo() throws Exception {
        try (StubServer server = StubServer.answering(200, "{\"imsi\":\"001010000000001\",\"iccid\":\"8988211000000000001\"}")) {
            CardInfo info = service(server).info(0).get();

            assertNull(info.atr());
            assertEquals(List.of(), info.applications());
        }
    }

    @Test
    void infoOfAnEmptySlot() throws Exception {
        try (StubServer server = StubServer.answering(410, "{\"error\":{\"message\":\"No SIM card inserted in slot\"}}")) {
            assertEquals(Kind.NO_CARD, failure(service(server).info(0)).kind());
        }
    }

    @Test
    void transmitsApdusAsOneList() throws Exception {
        try (StubServer server = StubServer.answering(200, "{\"responses\":[\"6121\",\"9000\"]}")) {
            List<byte[]> responses = service(server).transmit(0,
                    List.of(Hex.decode("00a4040c07a0000000871002"), Hex.decode("80f2000000"))).get();

            assertEquals("POST", server.lastRequest().method());
            assertEquals("/apdu-api/v1/slot/0", server.lastRequest().path());
            assertEquals("{\"apdus\":[\"00A4040C07A0000000871002\",\"80F2000000\"]}", server.lastRequest().body());
            assertEquals(2, responses.size());
            assertArrayEquals(Hex.decode("6121"), responses.get(0));
            assertArrayEquals(Hex.decode("9000"), responses.get(1));
        }
    }

    @Test
    void transmitForbidden() throws Exception {
        try (StubServer server = StubServer.answering(403, "{\"error\":{\"message\":\"raw APDUs are off on slot 0\"}}")) {
            assertEquals(Kind.FORBIDDEN, failure(service(server).transmit(0, List.of(Hex.decode("00b0000000")))).kind());
        }
    }

    @Test
    void listsSlots() throws Exception {
        String slot0 = "{\"id\":0,\"name\":\"sim0\",\"transport\":\"simcard\",\"state\":\"present\",\"atr\":\"3b00\","
                + "\"queue_depth\":2,\"last_error\":null,\"apdu_allowed\":true}";
        String slot1 = "{\"id\":1,\"name\":\"reader\",\"transport\":\"pcsc\",\"state\":\"transport_down\",\"atr\":null,"
                + "\"queue_depth\":0,\"last_error\":\"pcscd gone\",\"apdu_allowed\":false}";
        for (String body : List.of("[" + slot0 + "," + slot1 + "]", "{\"slots\":[" + slot0 + "," + slot1 + "]}")) {
            try (StubServer server = StubServer.answering(200, body)) {
                List<SlotStatus> slots = service(server).slots();

                assertEquals("/api/v1/slots", server.lastRequest().path());
                assertEquals(2, slots.size());
                SlotStatus first = slots.get(0);
                assertEquals(0, first.id());
                assertEquals("sim0", first.name());
                assertEquals("simcard", first.transport());
                assertEquals(SlotStatus.State.PRESENT, first.state());
                assertArrayEquals(Hex.decode("3b00"), first.atr());
                assertEquals(2, first.queueDepth());
                assertNull(first.lastError());
                assertTrue(first.apduAllowed());
                SlotStatus second = slots.get(1);
                assertEquals(SlotStatus.State.TRANSPORT_DOWN, second.state());
                assertNull(second.atr());
                assertEquals("pcscd gone", second.lastError());
                assertFalse(second.apduAllowed());
            }
        }
    }

    @Test
    void slotListingFailuresAreSlotExceptions() throws Exception {
        try (StubServer server = StubServer.answering(404, "{\"error\":{\"message\":\"not found\"}}")) {
            assertEquals(Kind.NO_SUCH_SLOT, assertThrows(SlotException.class, () -> service(server).slots()).kind());
        }
    }

    @Test
    void defaultSlotIsZero() throws Exception {
        try (StubServer server = StubServer.answering(200, "{}")) {
            assertEquals(0, service(server).defaultSlot());
        }
    }

    @Test
    void keepsABaseUrlsPathPrefix() throws Exception {
        try (StubServer server = StubServer.answering(200, "{\"imsi\":\"1\",\"iccid\":\"2\"}")) {
            RestSimService service = RestSimService.connect(URI.create(server.url() + "/simgate/"), null,
                    Duration.ofSeconds(5), line -> { });
            service.info(0).get();

            assertEquals("/simgate/sim-info-api/v1/slot/0", server.lastRequest().path());
        }
    }

    @Test
    void unreachableServerIsTransportDown() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        RestSimService service = RestSimService.connect(URI.create("http://127.0.0.1:" + port), null,
                Duration.ofSeconds(5), line -> { });

        SlotException e = failure(service.authenticate(0, REQUEST));

        assertEquals(Kind.TRANSPORT_DOWN, e.kind());
        assertEquals("cannot reach http://127.0.0.1:" + port + "/sim-auth-api/v1/slot/0: connection refused", e.getMessage());
    }

    @Test
    void slowServerIsTimeout() throws Exception {
        try (StubServer server = StubServer.http(request -> {
            Thread.sleep(2_000);
            return new StubServer.Reply(200, "{}");
        })) {
            RestSimService service = RestSimService.connect(server.url(), null, Duration.ofMillis(200), line -> { });

            assertEquals(Kind.TIMEOUT, failure(service.authenticate(0, REQUEST)).kind());
        }
    }

    @Test
    void neverSendsAnythingButRandAutnAndApplication() throws Exception {
        try (StubServer server = StubServer.answering(200, "{\"synchronisation_failure\":{\"auts\":\"00\"}}")) {
            service(server).authenticate(0, new AuthRequest(null, RAND, AUTN)).get();

            assertEquals("{\"rand\":\"23553cbe9637a89d218ae64dae47bf35\",\"autn\":\"55f328b43577b9b94a9ffac354dfafb3\","
                    + "\"application\":\"USIM\"}", server.lastRequest().body());
        }
    }
}
