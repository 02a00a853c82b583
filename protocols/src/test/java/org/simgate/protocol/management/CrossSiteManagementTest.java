package org.simgate.protocol.management;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The management listener refuses a request that changes something when the browser marks it as
 * cross-site by {@code Sec-Fetch-Site} as much as by {@code Origin}: a form POST from another site
 * carries both, but a page's {@code fetch(…, {mode: 'no-cors'})} of another port of the same host
 * may say only {@code same-site}. Requests go to Host {@code mgmt.test}.
 */
class CrossSiteManagementTest {
    private final ManagementHandlerTest.FakeAdmin admin = new ManagementHandlerTest.FakeAdmin();
    private final EmbeddedChannel channel = new EmbeddedChannel(new ManagementHandler(admin, null));

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private int send(HttpMethod method, String uri, String secFetchSite) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri, Unpooled.EMPTY_BUFFER);
        request.headers().set("Host", "mgmt.test:8081");
        if (secFetchSite != null) {
            request.headers().set("Sec-Fetch-Site", secFetchSite);
        }
        channel.writeInbound(request);
        FullHttpResponse response = channel.readOutbound();
        int status = response.status().code();
        if (status == 403) {
            assertEquals("{\"error\":{\"message\":\"refused: a request from another site (Origin, Sec-Fetch-Site) may not change "
                    + "anything here\"}}", response.content().toString(StandardCharsets.UTF_8).strip());
        }
        response.release();
        return status;
    }

    @ParameterizedTest
    @ValueSource(strings = {"cross-site", "same-site", "CROSS-SITE", "bogus"})
    void aChangeTheBrowserMarksAsCrossSiteIsRefused(String site) {
        assertEquals(403, send(HttpMethod.POST, "/admin/v1/slots/0/drain", site));
        assertEquals(List.of(), admin.calls);
    }

    @Test
    void theListenersOwnPagesAndClientsThatAreNotBrowsersChangeThings() {
        assertEquals(200, send(HttpMethod.POST, "/admin/v1/slots/0/drain", "same-origin"));
        assertEquals(200, send(HttpMethod.POST, "/admin/v1/slots/0/undrain", "none"));
        assertEquals(200, send(HttpMethod.POST, "/admin/v1/slots/0/drain", null));
        assertEquals(List.of("drain 0", "undrain 0", "drain 0"), admin.calls);
    }

    /** The same-origin policy keeps a read's answer from the other site. */
    @Test
    void readsAreLeftAlone() {
        assertEquals(200, send(HttpMethod.GET, "/health", "cross-site"));
    }
}
