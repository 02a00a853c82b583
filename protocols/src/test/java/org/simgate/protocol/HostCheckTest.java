package org.simgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Host check in an HTTP pipeline as the REST and management listeners build it. */
class HostCheckTest {
    /** What reaches the protocol's handler: the request paths, in order. */
    private final List<String> served = new ArrayList<>();
    /** Requests the handler holds without answering, as a card still working on them. */
    private final List<ChannelHandlerContext> held = new ArrayList<>();
    private boolean holding;
    private EmbeddedChannel channel;

    private EmbeddedChannel listener(List<String> allowed) {
        channel = new EmbeddedChannel(new HttpServerCodec(), new HttpServerKeepAliveHandler(),
                new HostCheck(AllowedHosts.forListener("simgate.http", true, allowed)), new HttpObjectAggregator(4096),
                new SimpleChannelInboundHandler<FullHttpRequest>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                        served.add(request.uri());
                        if (holding) {
                            held.add(ctx);
                        } else {
                            answer(ctx, request.uri());
                        }
                    }
                });
        return channel;
    }

    private static void answer(ChannelHandlerContext ctx, String what) {
        byte[] body = what.getBytes(StandardCharsets.US_ASCII);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(body));
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        ctx.writeAndFlush(response);
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private void send(String request) {
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
    }

    private String written() {
        StringBuilder text = new StringBuilder();
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            text.append(out.toString(StandardCharsets.US_ASCII));
            out.release();
        }
        return text.toString();
    }

    @Test
    void aRequestForLocalhostIsServed() {
        listener(List.of());
        send("GET /health HTTP/1.1\r\nHost: localhost:8000\r\n\r\n");
        assertEquals(List.of("/health"), served);
        assertTrue(written().startsWith("HTTP/1.1 200 OK"));
        assertTrue(channel.isOpen());
    }

    /** DNS rebinding: the browser reached 127.0.0.1 but still names the page's host. */
    @Test
    void aRequestForAReboundNameIsRefused421AndNothingOfItIsServed() {
        listener(List.of());
        send("POST /sim-auth-api/v1/slot/0 HTTP/1.1\r\nHost: attacker.example:8000\r\nOrigin: http://attacker.example:8000"
                + "\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}");
        String answer = written();
        assertTrue(answer.startsWith("HTTP/1.1 421 Misdirected Request\r\n"), answer);
        assertTrue(answer.contains("content-type: application/json"), answer);
        assertTrue(answer.contains("connection: close"), answer);
        assertTrue(answer.endsWith("{\"error\":{\"message\":\"this listener does not serve the host named in the Host "
                + "header; allow it with simgate.http.allowed-hosts\"}}"), answer);
        assertFalse(answer.contains("attacker"), "the header is not echoed");
        assertEquals(List.of(), served);
        assertFalse(channel.isOpen());
    }

    @Test
    void whatFollowsARefusedRequestIsNotRead() {
        listener(List.of());
        send("GET /a HTTP/1.1\r\nHost: attacker.example\r\n\r\nGET /b HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertEquals(List.of(), served);
        assertTrue(written().startsWith("HTTP/1.1 421"));
    }

    @Test
    void aListedNameIsServed() {
        listener(List.of("gw.example"));
        send("GET /health HTTP/1.1\r\nHost: gw.example:8000\r\n\r\n");
        assertEquals(List.of("/health"), served);
    }

    @Test
    void aRequestWithoutHostIsServed() {
        listener(List.of());
        send("GET /health HTTP/1.0\r\n\r\n");
        assertEquals(List.of("/health"), served);
    }

    /** HTTP answers in request order: the refusal waits for the answers owed before it. */
    @Test
    void aRefusalPipelinedBehindOwedAnswersComesAfterThem() {
        listener(List.of());
        holding = true;
        send("GET /first HTTP/1.1\r\nHost: localhost\r\n\r\nGET /second HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                + "GET /third HTTP/1.1\r\nHost: attacker.example\r\n\r\n");
        assertEquals(List.of("/first", "/second"), served);
        assertEquals("", written(), "nothing before the owed answers");
        answer(held.get(0), "first");
        assertTrue(written().endsWith("first"));
        assertTrue(channel.isOpen());
        answer(held.get(1), "second");
        String rest = written();
        assertTrue(rest.startsWith("HTTP/1.1 200 OK"), rest);
        int refusal = rest.indexOf("HTTP/1.1 421");
        assertTrue(refusal > rest.indexOf("second"), rest);
        assertFalse(channel.isOpen());
    }

    @Test
    void eachRequestOfAConnectionIsChecked() {
        listener(List.of());
        send("GET /a HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertTrue(written().startsWith("HTTP/1.1 200"));
        send("GET /b HTTP/1.1\r\nHost: attacker.example\r\n\r\n");
        assertTrue(written().startsWith("HTTP/1.1 421"));
        assertEquals(List.of("/a"), served);
        assertNull(channel.readOutbound());
    }
}
