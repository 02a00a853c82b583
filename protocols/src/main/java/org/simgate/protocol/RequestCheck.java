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

/**
 * A check of each request's head that refuses, before the protocol's handler sees anything of it,
 * what a browser was tricked into sending ({@link HostCheck}, {@link CrossSiteCheck}). A refused
 * request gets a JSON error {@code {"error":{"message":…}}} and the connection closes: nothing
 * more of it is read.
 *
 * <p>Sits right after the HTTP codec (and keep-alive handler), before any aggregator. The refusal
 * keeps HTTP's answer order: when a client pipelined it behind requests still owed an answer, it
 * is written after theirs. One instance per connection.
 */
public abstract class RequestCheck extends ChannelDuplexHandler {
    /** A request's refusal: its status and the message of its error body (never the client's own text). */
    protected record Refusal(HttpResponseStatus status, String message) {
    }

    /** Requests handed on whose final answer has not been written yet. */
    private int owed;
    /** A request was refused: nothing more of this connection is read. */
    private boolean refused;
    /** The refusal waits for the answers owed before it. */
    private Refusal waiting;

    /** The refusal of this request, or null to hand it on. Logging the refusal is the check's. */
    protected abstract Refusal check(ChannelHandlerContext ctx, HttpRequest request);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            Refusal refusal = check(ctx, request);
            if (refusal != null) {
                ReferenceCountUtil.release(msg);
                refuse(ctx, refusal);
                return;
            }
            owed++;
        }
        ctx.fireChannelRead(msg);
    }

    private void refuse(ChannelHandlerContext ctx, Refusal refusal) {
        refused = true;
        ctx.channel().config().setAutoRead(false);
        if (owed == 0) {
            write(ctx, refusal);
        } else {
            waiting = refusal;
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean informational = msg instanceof HttpResponse response
                && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        ctx.write(msg, promise);
        if (msg instanceof LastHttpContent && !informational && owed > 0) {
            owed--;
            if (waiting != null && owed == 0) {
                Refusal refusal = waiting;
                waiting = null;
                write(ctx, refusal);
            }
        }
    }

    private static void write(ChannelHandlerContext ctx, Refusal refusal) {
        byte[] body = ("{\"error\":{\"message\":\"" + refusal.message() + "\"}}").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, refusal.status(),
                Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
