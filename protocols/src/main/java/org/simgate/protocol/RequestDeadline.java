package org.simgate.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Each request must arrive whole — request line, headers and body — within a deadline of its first
 * byte; a connection's first request within the deadline of the connection (a TLS handshake
 * included). A client that sends one byte a second (slowloris) otherwise holds its connection, and
 * a file descriptor, for ever: the idle timeout only sees silence. At the deadline the client gets
 * {@code 408 Request Timeout} (when no earlier answer is still owed, else nothing: answers keep
 * their order) and the connection closes.
 *
 * <p>Two handlers share one connection's deadline: {@link #bytes()} right after TLS sees a request
 * begin (any byte read while no request is open), {@link #requests()} right after the HTTP codec
 * sees it end (its {@link LastHttpContent}). The start of a request that came in the same read as
 * the end of the one before is seen at the next read: until then the idle timeout guards it, and a
 * client can gain no more by it than a keep-alive client sending a request now and then. While the server itself stops reading (answers owed, a slow
 * client reading them) the clock is not the client's, and it starts again when reading resumes.
 * One instance per connection; cheap on the hot path: a request costs a clock read and two field
 * writes, and the timer is scheduled at most once per deadline period.
 */
public final class RequestDeadline {
    private static final RefusalLog REFUSALS = new RefusalLog(LoggerFactory.getLogger(RequestDeadline.class));

    private final long timeoutNanos;
    private final String listener;
    private final Runnable expired;
    private ChannelHandlerContext requestsContext;
    /** A request (or, at first, the connection's first one) has begun and not yet arrived whole. */
    private boolean open;
    private long openedNanos;
    /** Bytes of the open request arrived: a connection that sent none is closed without an answer. */
    private boolean begun;
    private ScheduledFuture<?> timer;
    private boolean started;
    private boolean closed;
    /** Requests that arrived whole whose final answer has not been written yet. */
    private int owed;

    /**
     * @param listener the listener's config section, for the log ({@code simgate.http})
     * @param expired  told of each connection closed at its deadline (a metric), on the event loop
     */
    public RequestDeadline(Duration timeout, String listener, Runnable expired) {
        this.timeoutNanos = timeout.toNanos();
        if (timeoutNanos <= 0) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        this.listener = Objects.requireNonNull(listener, "listener");
        this.expired = Objects.requireNonNull(expired, "expired");
    }

    /** Goes right after TLS (first when there is none), before the HTTP codec. */
    public ChannelHandler bytes() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
                    start(ctx);
                }
            }

            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                start(ctx);
                ctx.fireChannelActive();
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
                    if (!open) {
                        open(ctx);
                    }
                    begun = true;
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                stop();
                ctx.fireChannelInactive();
            }

            /** Taken out of the pipeline (the protocol changes): no deadline any more. */
            @Override
            public void handlerRemoved(ChannelHandlerContext ctx) {
                stop();
            }
        };
    }

    /** Goes right after the HTTP codec. */
    public ChannelHandler requests() {
        return new ChannelDuplexHandler() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                requestsContext = ctx;
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof LastHttpContent) {
                    open = false; // arrived whole; the next byte opens the next request
                    begun = false;
                    owed++;
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                if (msg instanceof LastHttpContent && owed > 0 && !(msg instanceof HttpResponse response
                        && response.status().codeClass() == HttpStatusClass.INFORMATIONAL)) {
                    owed--;
                }
                ctx.write(msg, promise);
            }
        };
    }

    private void start(ChannelHandlerContext ctx) {
        if (started) {
            return;
        }
        started = true;
        open(ctx);
    }

    private void open(ChannelHandlerContext ctx) {
        open = true;
        openedNanos = ctx.executor().ticker().nanoTime();
        if (timer == null && !closed) {
            timer = ctx.executor().schedule(() -> check(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void stop() {
        closed = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void check(ChannelHandlerContext ctx) {
        timer = null;
        if (closed || !open || !ctx.channel().isActive()) {
            return;
        }
        long now = ctx.executor().ticker().nanoTime();
        if (!ctx.channel().config().isAutoRead()) {
            openedNanos = now; // the server is not reading: not the client's time
        }
        long left = openedNanos + timeoutNanos - now;
        if (left > 0) {
            timer = ctx.executor().schedule(() -> check(ctx), left, TimeUnit.NANOSECONDS);
            return;
        }
        stop();
        expired.run();
        REFUSALS.refused("{}: closed the connection of {}: a request did not arrive whole within {} ms of its first byte "
                + "(slowloris?)", listener, ctx.channel().remoteAddress(), TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        // a connection that never sent a byte (a browser's preconnect) is closed without an answer
        if (begun && owed == 0 && requestsContext != null) {
            byte[] body = ("{\"error\":{\"message\":\"the request did not arrive whole within "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms\"}}").getBytes(StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.REQUEST_TIMEOUT, Unpooled.wrappedBuffer(body));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            requestsContext.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }
}
