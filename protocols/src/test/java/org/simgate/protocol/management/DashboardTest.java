package org.simgate.protocol.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.simgate.service.AdminService;
import org.simgate.service.SlotActivity;
import org.simgate.service.SlotDetail;
import org.simgate.service.SlotStatus;

/** The dashboard's files and its event stream, as a browser meets them. */
class DashboardTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The handler test's two slots, slot 0 with a minute of traffic behind it. */
    static final class BusyAdmin implements AdminService {
        final ManagementHandlerTest.FakeAdmin slots = new ManagementHandlerTest.FakeAdmin();
        final Map<Integer, SlotStatus.State> states = slots.states;
        boolean busy;

        @Override
        public List<SlotStatus> slots() {
            return slots.slots();
        }

        @Override
        public SlotDetail detail(int slot) {
            return slots.detail(slot);
        }

        @Override
        public CompletableFuture<SlotDetail> drain(int slot) {
            return slots.drain(slot);
        }

        @Override
        public CompletableFuture<SlotDetail> undrain(int slot) {
            return slots.undrain(slot);
        }

        @Override
        public CompletableFuture<SlotDetail> reset(int slot) {
            return slots.reset(slot);
        }

        @Override
        public CompletableFuture<SlotDetail> reread(int slot) {
            return slots.reread(slot);
        }

        @Override
        public SlotActivity activity(int slot) {
            if (slot != 0) {
                return new SlotActivity(null, 0, 0, 0, Double.NaN, Double.NaN, nothing(), false);
            }
            double[] trend = nothing();
            trend[59] = 0.0512345;
            return new SlotActivity("sync_failure", 1_800_000_000_000L, 1234.5, 118, 0.0512345, 1.23456, trend, busy);
        }

        private static double[] nothing() {
            double[] trend = new double[60];
            Arrays.fill(trend, Double.NaN);
            return trend;
        }
    }

    private final BusyAdmin admin = new BusyAdmin();
    private final DashboardStream stream = new DashboardStream(admin);
    private final EmbeddedChannel channel = new EmbeddedChannel(new ManagementHandler(admin, null, stream));

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private void send(HttpMethod method, String uri) {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri));
        channel.runPendingTasks();
    }

    private FullHttpResponse get(String uri) {
        send(HttpMethod.GET, uri);
        return channel.readOutbound();
    }

    private static String body(FullHttpResponse response) {
        try {
            return response.content().toString(StandardCharsets.UTF_8);
        } finally {
            response.release();
        }
    }

    /** The next chunk of the stream, as text; null when nothing was written. */
    private String nextEvent() {
        Object written = channel.readOutbound();
        if (written == null) {
            return null;
        }
        HttpContent content = assertInstanceOf(HttpContent.class, written);
        try {
            return content.content().toString(StandardCharsets.UTF_8);
        } finally {
            content.release();
        }
    }

    private static JsonNode snapshot(String event) throws Exception {
        assertTrue(event.startsWith("data: {") && event.endsWith("}\n\n"), event);
        assertEquals(2, event.split("\n", -1).length - 1, "one data line, one blank line: " + event);
        return JSON.readTree(event.substring("data: ".length()));
    }

    private JsonNode subscribe() throws Exception {
        send(HttpMethod.GET, "/ui/events");
        HttpResponse head = channel.readOutbound();
        assertEquals(200, head.status().code());
        assertEquals("text/event-stream; charset=utf-8", head.headers().get("content-type"));
        assertEquals("no-cache", head.headers().get("cache-control"));
        assertTrue(HttpUtil.isTransferEncodingChunked(head), "an HTTP/1.1 stream is chunked");
        assertFalse(head instanceof FullHttpResponse);
        assertEquals("retry: 1000\n\n", nextEvent());
        return snapshot(nextEvent());
    }

    @Test
    void slashlessUiRedirectsToThePage() {
        FullHttpResponse redirect = get("/ui");
        assertEquals(301, redirect.status().code());
        assertEquals("ui/", redirect.headers().get("location"));
        redirect.release();
    }

    @Test
    void thePageItsScriptAndStyleComeFromTheJarWithTheirTypes() {
        FullHttpResponse page = get("/ui/");
        assertEquals(200, page.status().code());
        assertEquals("text/html; charset=utf-8", page.headers().get("content-type"));
        assertTrue(page.headers().get("content-security-policy").contains("script-src 'self'"));
        assertEquals("nosniff", page.headers().get("x-content-type-options"));
        String html = body(page);
        assertTrue(html.contains("<script src=\"app.js\" defer></script>"), html);
        assertTrue(html.contains("<link rel=\"stylesheet\" href=\"style.css\">"));
        assertFalse(html.contains("http://") || html.contains("https://"), "nothing loads from elsewhere");

        FullHttpResponse script = get("/ui/app.js");
        assertEquals("text/javascript; charset=utf-8", script.headers().get("content-type"));
        assertTrue(body(script).contains("new EventSource('events')"));
        FullHttpResponse style = get("/ui/style.css");
        assertEquals("text/css; charset=utf-8", style.headers().get("content-type"));
        assertTrue(body(style).contains(".state.present"));
        assertEquals(200, get("/ui/index.html").status().code());
    }

    @Test
    void headAnswersHeadersOnly() {
        send(HttpMethod.HEAD, "/ui/");
        FullHttpResponse head = channel.readOutbound();
        assertEquals(200, head.status().code());
        assertEquals(0, head.content().readableBytes());
        assertTrue(head.headers().getInt("content-length") > 0);
        head.release();
        send(HttpMethod.HEAD, "/ui/events");
        FullHttpResponse events = channel.readOutbound();
        assertEquals("text/event-stream; charset=utf-8", events.headers().get("content-type"));
        events.release();
        assertEquals(0, stream.pages(), "HEAD opens no stream");
    }

    @Test
    void unknownFilesAreNotFoundAndTheDashboardIsReadOnly() {
        for (String uri : new String[] {"/ui/x", "/ui/app.js/", "/ui/../admin/v1/slots", "/ui//", "/ui/events/more"}) {
            FullHttpResponse answer = get(uri);
            assertEquals(404, answer.status().code(), uri);
            answer.release();
        }
        send(HttpMethod.POST, "/ui/");
        FullHttpResponse post = channel.readOutbound();
        assertEquals(405, post.status().code());
        assertEquals("GET", post.headers().get("allow"));
        post.release();
    }

    @Test
    void theStreamStartsWithEverySlotItsMaskedIdentityAndItsLastMinute() throws Exception {
        JsonNode first = subscribe();
        assertTrue(first.get("time").asText().endsWith("Z"));
        JsonNode slots = first.get("slots");
        assertEquals(2, slots.size());
        JsonNode busy = slots.get(0);
        assertEquals("slot 0", busy.get("name").asText());
        assertEquals("simcard", busy.get("transport").asText());
        assertEquals("present", busy.get("state").asText());
        assertEquals("3b00", busy.get("atr").asText());
        assertEquals("00101******01", busy.get("imsi").asText());
        assertTrue(busy.get("iccid").isNull());
        assertEquals("sync_failure", busy.get("last_outcome").asText());
        assertEquals("2027-01-15T08:00:00Z", busy.get("last_outcome_at").asText());
        assertEquals(1230.0, busy.get("ops_per_second").asDouble(), "three significant digits");
        assertEquals(118.0, busy.get("auth_per_second").asDouble());
        assertEquals(0.0512, busy.get("p50_ms").asDouble());
        assertEquals(1.23, busy.get("p99_ms").asDouble());
        assertEquals(60, busy.get("trend_ms").size());
        assertTrue(busy.get("trend_ms").get(0).isNull(), "a second without operations");
        assertEquals(0.0512, busy.get("trend_ms").get(59).asDouble());
        assertFalse(busy.get("busy").asBoolean());
        JsonNode idle = slots.get(1);
        assertEquals("no_card", idle.get("state").asText());
        assertTrue(idle.get("last_outcome").isNull());
        assertTrue(idle.get("p50_ms").isNull(), "JSON has no NaN");
        assertEquals(1, stream.pages());
    }

    @Test
    void aSnapshotEverySecondAndOneAtOnceWhenAStateChanges() throws Exception {
        subscribe();
        channel.advanceTimeBy(250, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        JsonNode firstTick = snapshot(nextEvent()); // the ticker's first look: it knew no state yet
        assertEquals(2, firstTick.get("slots").size());
        channel.advanceTimeBy(250, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertNull(nextEvent(), "nothing changed, and a second has not passed");

        admin.states.put(1, SlotStatus.State.PRESENT);
        channel.advanceTimeBy(250, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertEquals("present", snapshot(nextEvent()).get("slots").get(1).get("state").asText());

        admin.busy = true;
        channel.advanceTimeBy(250, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(snapshot(nextEvent()).get("slots").get(0).get("busy").asBoolean(), "a busy slot is news too");

        for (int tick = 0; tick < 3; tick++) {
            channel.advanceTimeBy(250, TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
            assertNull(nextEvent());
        }
        // wall time, not the channel's clock, says when a second has passed
        Thread.sleep(1000);
        channel.advanceTimeBy(250, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertEquals(2, snapshot(nextEvent()).get("slots").size(), "nothing changed, but a second has passed");
    }

    @Test
    void aStreamingConnectionReadsNoMoreRequestsAndOutlivesIdleness() throws Exception {
        subscribe();
        send(HttpMethod.GET, "/health");
        assertNull(channel.readOutbound(), "a request after the stream is never answered in the middle of it");
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        assertTrue(channel.isOpen(), "a page says nothing while it listens");
    }

    @Test
    void aPageThatLeavesIsForgottenAndTheTickerStops() throws Exception {
        subscribe();
        EmbeddedChannel second = new EmbeddedChannel(new ManagementHandler(admin, null, stream));
        second.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ui/events"));
        assertEquals(2, stream.pages());
        second.finishAndReleaseAll();
        assertEquals(1, stream.pages());
        channel.close();
        assertEquals(0, stream.pages());
        channel.advanceTimeBy(5, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        Object left;
        while ((left = channel.readOutbound()) != null) {
            assertFalse(left instanceof HttpContent && !(left instanceof LastHttpContent)
                    && ((HttpContent) left).content().toString(StandardCharsets.UTF_8).startsWith("data:"),
                    "nothing is written after the page left");
        }
    }

    @Test
    void anHttp10StreamEndsWithItsConnection() {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/ui/events"));
        HttpResponse head = channel.readOutbound();
        assertFalse(HttpUtil.isTransferEncodingChunked(head));
        assertFalse(HttpUtil.isKeepAlive(head));
    }
}
