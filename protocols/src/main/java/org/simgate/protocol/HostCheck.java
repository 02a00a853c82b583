package org.simgate.protocol;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * Answers only requests whose {@code Host} names a host the listener serves ({@link AllowedHosts}):
 * the defence against DNS rebinding, where a web page in a browser on this machine renames its own
 * host to 127.0.0.1 and talks to a loopback listener. Any other request is answered
 * {@code 421 Misdirected Request} — this listener does not serve that host — and the connection
 * closes: nothing of it reaches the protocol's handler.
 *
 * <p>Sits right after the HTTP codec (and keep-alive handler), before any aggregator. The refusal
 * keeps HTTP's answer order: when a client pipelined it behind requests still owed an answer, it
 * is written after theirs. One instance per connection.
 */
public final class HostCheck extends ChannelDuplexHandler {
    /** A page can loop on a refused request: one INFO line a minute at most. */
    private static final RefusalLog REFUSALS = new RefusalLog(LoggerFactory.getLogger(HostCheck.class));

    private final AllowedHosts hosts;
    private final String listener;
    /** Requests handed on whose final answer has not been written yet. */
    private int owed;
    /** A request named a foreign host: nothing more of this connection is read. */
    private boolean refused;
    /** The refusal waits for the answers owed before it. */
    private boolean refusalWaiting;

    public HostCheck(AllowedHosts hosts) {
        this.hosts = Objects.requireNonNull(hosts, "hosts");
        this.listener = hosts.listener();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            if (!hosts.allows(request.headers().get(HttpHeaderNames.HOST))) {
                ReferenceCountUtil.release(msg);
                refuse(ctx);
                return;
            }
            owed++;
        }
        ctx.fireChannelRead(msg);
    }

    private void refuse(ChannelHandlerContext ctx) {
        refused = true;
        ctx.channel().config().setAutoRead(false);
        // the header is the client's text: it is neither logged nor echoed
        REFUSALS.refused("{}: refused a request from {} naming a host this listener does not serve (DNS rebinding? "
                + "allowed hosts: {}.allowed-hosts)", listener, ctx.channel().remoteAddress(), listener);
        if (owed == 0) {
            writeRefusal(ctx);
        } else {
            refusalWaiting = true;
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean informational = msg instanceof HttpResponse response
                && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        ctx.write(msg, promise);
        if (msg instanceof LastHttpContent && !informational && owed > 0) {
            owed--;
            if (refusalWaiting && owed == 0) {
                refusalWaiting = false;
                writeRefusal(ctx);
            }
        }
    }

    private void writeRefusal(ChannelHandlerContext ctx) {
        byte[] body = ("{\"error\":{\"message\":\"this listener does not serve the host named in the Host header; "
                + "allow it with " + listener + ".allowed-hosts\"}}").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.MISDIRECTED_REQUEST, Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
