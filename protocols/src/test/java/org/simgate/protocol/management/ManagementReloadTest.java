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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.simgate.service.ReloadResult;

/** {@code POST /admin/v1/reload}: what changed as JSON, a refused config as 400, answered when the reload ends. */
class ManagementReloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The reload answers only when the test completes it, as the gateway's reload thread would. */
    private final ManagementHandlerTest.FakeAdmin admin = new ManagementHandlerTest.FakeAdmin() {
        @Override
        public CompletableFuture<ReloadResult> reload() {
            calls.add("reload");
            pendingReload = new CompletableFuture<>();
            return pendingReload;
        }
    };
    private CompletableFuture<ReloadResult> pendingReload;
    private final EmbeddedChannel channel = new EmbeddedChannel(new ManagementHandler(admin, null));

    private FullHttpResponse post(String uri) {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri));
        channel.runPendingTasks();
        return channel.readOutbound();
    }

    private FullHttpResponse answered() {
        channel.runPendingTasks();
        return channel.readOutbound();
    }

    private static JsonNode json(FullHttpResponse response) throws Exception {
        try {
            return JSON.readTree(response.content().toString(StandardCharsets.UTF_8));
        } finally {
            response.release();
        }
    }

    @Test
    void aReloadAnswersWhatChangedOnceItIsDone() throws Exception {
        assertNull(post("/admin/v1/reload"));
        assertFalse(channel.config().isAutoRead(), "nothing more is read while the reload runs");
        pendingReload.complete(new ReloadResult(List.of(3), List.of(2), List.of(1), List.of(0), List.of("simgate.line"),
                List.of()));
        FullHttpResponse response = answered();
        assertEquals(200, response.status().code());
        assertEquals("{\"added\":[3],\"removed\":[2],\"restarted\":[1],\"unchanged\":[0],"
                + "\"needsRestart\":[\"simgate.line\"],\"failed\":[]}", json(response).toString());
        assertTrue(channel.config().isAutoRead());
    }

    @Test
    void aRefusedConfigIs400WithItsOneLineError() throws Exception {
        post("/admin/v1/reload");
        pendingReload.completeExceptionally(new ReloadResult.Refused(
                "invalid configuration: simgate.slots[1].simcard.k: must be 32 hex characters (16 bytes)"));
        FullHttpResponse response = answered();
        assertEquals(400, response.status().code());
        assertEquals("invalid configuration: simgate.slots[1].simcard.k: must be 32 hex characters (16 bytes)",
                json(response).path("error").path("message").asText());
    }

    @Test
    void onlyPost() {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/admin/v1/reload"));
        FullHttpResponse response = channel.readOutbound();
        assertEquals(405, response.status().code());
        assertEquals("POST", response.headers().get("allow"));
        response.release();
        assertEquals(List.of(), admin.calls);
    }
}
