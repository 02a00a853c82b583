package org.simgate.protocol.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.simgate.service.AdminService;
import org.simgate.service.SlotDetail;
import org.simgate.service.SlotException;
import org.simgate.service.SlotStatus;

class ManagementHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Two slots in memory; reset answers only when the test completes it, as a slot thread would. */
    static class FakeAdmin implements AdminService {
        final Map<Integer, SlotStatus.State> states = new TreeMap<>(Map.of(0, SlotStatus.State.PRESENT,
                1, SlotStatus.State.NO_CARD));
        final List<String> calls = new ArrayList<>();
        CompletableFuture<SlotDetail> pendingReset;
        List<org.simgate.service.FrontLink> links = List.of();

        @Override
        public List<org.simgate.service.FrontLink> links() {
            return links;
        }

        @Override
        public List<SlotStatus> slots() {
            List<SlotStatus> all = new ArrayList<>();
            states.forEach((id, state) -> all.add(status(id)));
            return all;
        }

        private SlotStatus status(int id) {
            return new SlotStatus(id, "slot " + id, "simcard", states.get(id), new byte[] {0x3b, 0x00}, 0, null, false);
        }

        @Override
        public SlotDetail detail(int slot) {
            return states.containsKey(slot) ? new SlotDetail(status(slot), "00101******01", null, 0) : null;
        }

        private CompletableFuture<SlotDetail> act(String name, int slot, SlotStatus.State next) {
            calls.add(name + " " + slot);
            if (!states.containsKey(slot)) {
                return CompletableFuture.failedFuture(new SlotException(SlotException.Kind.NO_SUCH_SLOT, "no slot " + slot));
            }
            if (next != null) {
                states.put(slot, next);
            }
            return CompletableFuture.completedFuture(detail(slot));
        }

        @Override
        public CompletableFuture<SlotDetail> drain(int slot) {
            return act("drain", slot, SlotStatus.State.OUT_OF_SERVICE);
        }

        @Override
        public CompletableFuture<SlotDetail> undrain(int slot) {
            return act("undrain", slot, SlotStatus.State.PRESENT);
        }

        @Override
        public CompletableFuture<SlotDetail> reset(int slot) {
            calls.add("reset " + slot);
            pendingReset = new CompletableFuture<>();
            return pendingReset;
        }

        /** When set, the identity of slot 1 is being read: its detail waits for this. */
        CompletableFuture<SlotDetail> pendingIdentity;

        @Override
        public CompletableFuture<SlotDetail> identifiedDetail(int slot) {
            return slot == 1 && pendingIdentity != null ? pendingIdentity : AdminService.super.identifiedDetail(slot);
        }

        @Override
        public CompletableFuture<SlotDetail> reread(int slot) {
            calls.add("reread " + slot);
            return CompletableFuture.failedFuture(new SlotException(SlotException.Kind.NO_CARD, "slot 1: no card in slot"));
        }
    }

    private final FakeAdmin admin = new FakeAdmin();
    private final EmbeddedChannel channel = new EmbeddedChannel(new ManagementHandler(admin, () -> "# metrics\nup 1\n"));

    private record Answer(int status, String contentType, String allow, String body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    private Answer request(HttpMethod method, String uri) {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri));
        channel.runPendingTasks();
        return take();
    }

    private Answer take() {
        FullHttpResponse response = channel.readOutbound();
        if (response == null) {
            return null;
        }
        try {
            return new Answer(response.status().code(), response.headers().get("content-type"),
                    response.headers().get("allow"), response.content().toString(StandardCharsets.UTF_8));
        } finally {
            response.release();
        }
    }

    @Test
    void healthIsAlwaysOk() throws Exception {
        Answer health = request(HttpMethod.GET, "/health");
        assertEquals(200, health.status());
        assertEquals("ok", health.json().get("status").asText());
    }

    @Test
    void readyWhileOneSlotIsPresentAnd503WhenNone() throws Exception {
        Answer ready = request(HttpMethod.GET, "/ready");
        assertEquals(200, ready.status());
        assertEquals("[0]", ready.json().get("usable_slots").toString());
        assertEquals("no_card", ready.json().get("slots").get(1).get("state").asText());

        admin.states.put(0, SlotStatus.State.TRANSPORT_DOWN);
        Answer notReady = request(HttpMethod.GET, "/ready");
        assertEquals(503, notReady.status());
        assertFalse(notReady.json().get("ready").asBoolean());
    }

    @Test
    void metricsAreTheSuppliersTextAsPrometheusExposition() {
        Answer metrics = request(HttpMethod.GET, "/metrics");
        assertEquals(200, metrics.status());
        assertTrue(metrics.contentType().startsWith("text/plain; version=0.0.4"));
        assertEquals("# metrics\nup 1\n", metrics.body());
    }

    @Test
    void metricsOffIs404() {
        EmbeddedChannel off = new EmbeddedChannel(new ManagementHandler(admin, null));
        off.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/metrics"));
        FullHttpResponse response = off.readOutbound();
        assertEquals(404, response.status().code());
        response.release();
    }

    @Test
    void slotsListAndDetail() throws Exception {
        JsonNode slots = request(HttpMethod.GET, "/admin/v1/slots").json().get("slots");
        assertEquals(2, slots.size());
        assertEquals("present", slots.get(0).get("state").asText());
        assertEquals("3b00", slots.get(0).get("atr").asText());
        JsonNode detail = request(HttpMethod.GET, "/admin/v1/slots/0").json();
        assertEquals("00101******01", detail.get("imsi").asText());
        assertTrue(detail.get("iccid").isNull());
        assertEquals(404, request(HttpMethod.GET, "/admin/v1/slots/7").status());
    }

    @Test
    void theFrontsLinksAreListedInTheirRecordsWords() throws Exception {
        assertEquals("{\"links\":[]}", request(HttpMethod.GET, "/admin/v1/links").json().toString());
        admin.links = List.of(new org.simgate.service.FrontLink("remsim-bankd", "server",
                org.simgate.service.FrontLink.State.REFUSED, "127.0.0.1:9998", "bank 1",
                java.time.Instant.parse("2026-12-07T16:00:00Z"), 3, "identityInUse"));
        assertEquals("{\"links\":[{\"front\":\"remsim-bankd\",\"link\":\"server\",\"state\":\"refused\","
                + "\"peer\":\"127.0.0.1:9998\",\"as\":\"bank 1\",\"since\":\"2026-12-07T16:00:00Z\","
                + "\"reconnects\":3,\"problem\":\"identityInUse\"}]}",
                request(HttpMethod.GET, "/admin/v1/links").json().toString());
    }

    @Test
    void theFirstLookAtACardAnswersOnceItsIdentityIsReadAndTheConnectionWaitsMeanwhile() throws Exception {
        admin.pendingIdentity = new CompletableFuture<>();
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/admin/v1/slots/1"));
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/health"));
        channel.runPendingTasks();
        assertNull(take(), "no answer before the card's identity is read");

        admin.pendingIdentity.complete(new SlotDetail(admin.status(1), "00101******02", "898821*******12", 1));
        channel.runPendingTasks();
        JsonNode detail = take().json();
        assertEquals("00101******02", detail.get("imsi").asText());
        assertEquals("898821*******12", detail.get("iccid").asText());
        assertEquals(200, take().status(), "the request behind it is answered after it");
    }

    @Test
    void drainAndUndrainChangeTheSlotAndAnswerItsDetail() throws Exception {
        Answer drained = request(HttpMethod.POST, "/admin/v1/slots/0/drain");
        assertEquals(200, drained.status());
        assertEquals("out_of_service", drained.json().get("state").asText());
        assertEquals(503, request(HttpMethod.GET, "/ready").status());
        Answer back = request(HttpMethod.POST, "/admin/v1/slots/0/undrain");
        assertEquals("present", back.json().get("state").asText());
        assertEquals(List.of("drain 0", "undrain 0"), admin.calls);
    }

    @Test
    void anActionAnswersWhenTheSlotDoesAndReadsNothingMeanwhile() throws Exception {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/admin/v1/slots/0/reset"));
        channel.runPendingTasks();
        assertNull(take());
        assertFalse(channel.config().isAutoRead());
        admin.pendingReset.complete(admin.detail(0));
        channel.runPendingTasks();
        assertEquals(200, take().status());
        assertTrue(channel.config().isAutoRead());
    }

    @Test
    void pipelinedRequestsBehindAnActionAreAnsweredAfterItInOrder() throws Exception {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/admin/v1/slots/0/reset"));
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/admin/v1/slots/0/drain"));
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/health"));
        channel.runPendingTasks();
        assertNull(take());
        assertEquals(List.of("reset 0"), admin.calls);

        admin.pendingReset.complete(admin.detail(0));
        channel.runPendingTasks();
        assertEquals("present", take().json().get("state").asText());
        assertEquals("out_of_service", take().json().get("state").asText());
        assertEquals("ok", take().json().get("status").asText());
        assertEquals(List.of("reset 0", "drain 0"), admin.calls);
    }

    @Test
    void slotFailuresKeepTheirHttpMeaning() throws Exception {
        Answer noCard = request(HttpMethod.POST, "/admin/v1/slots/1/reread");
        assertEquals(410, noCard.status());
        assertEquals("slot 1: no card in slot", noCard.json().get("error").get("message").asText());
        assertEquals(404, request(HttpMethod.POST, "/admin/v1/slots/9/drain").status());
    }

    @Test
    void wrongMethodsAndPaths() {
        Answer get = request(HttpMethod.GET, "/admin/v1/slots/0/drain");
        assertEquals(405, get.status());
        assertEquals("POST", get.allow());
        Answer post = request(HttpMethod.POST, "/health");
        assertEquals(405, post.status());
        assertEquals("GET", post.allow());
        assertEquals(404, request(HttpMethod.GET, "/admin/v1/slots/x").status());
        assertEquals(404, request(HttpMethod.POST, "/admin/v1/slots/0/explode").status());
        assertEquals(404, request(HttpMethod.GET, "/uix").status());
        assertEquals(200, request(HttpMethod.GET, "/admin/v1/slots/").status());
    }

    @Test
    void masksKeepPrefixAndLastTwoDigits() {
        assertEquals("00101********01", SlotDetail.mask("001010000000001", 5));
        assertEquals("898821***********11", SlotDetail.mask("8988211000000000011", 6));
        assertEquals("****", SlotDetail.mask("1234", 5));
        assertNull(SlotDetail.mask(null, 5));
    }

    @Test
    void aRequestWhoseHeadersDidNotParseIs400AndTheConnectionCloses() {
        for (String request : List.of(
                "GET /health HTTP/1.1\r\nHost: x\r\nX-Long: " + "a".repeat(9000) + "\r\n\r\n",
                "GET /admin/v1/slots HTTP/1.1\r\nHost: x\r\nBad Name: 1\r\n\r\n")) {
            EmbeddedChannel wire = new EmbeddedChannel();
            new ManagementInitializer(admin, () -> "").configure(wire.pipeline(), Runnable::run);
            wire.writeInbound(io.netty.buffer.Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
            StringBuilder answer = new StringBuilder();
            io.netty.buffer.ByteBuf out;
            while ((out = wire.readOutbound()) != null) {
                answer.append(out.toString(StandardCharsets.US_ASCII));
                out.release();
            }
            assertTrue(answer.toString().startsWith("HTTP/1.1 400 Bad Request\r\n"), answer.toString());
            assertTrue(answer.toString().contains("malformed HTTP request"), answer.toString());
            assertFalse(wire.isOpen(), "the rest of the connection cannot be framed");
            assertTrue(admin.calls.isEmpty());
        }
    }
}
