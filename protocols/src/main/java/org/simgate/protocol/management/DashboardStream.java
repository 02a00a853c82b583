package org.simgate.protocol.management;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.simgate.service.AdminService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's Server-Sent Events: each page gets a full snapshot as it connects, then one a
 * second, and one at once (within a tick) when a slot changes state. One ticker serves every open
 * page of a listener and encodes each snapshot once; it runs while someone listens. A page that
 * cannot keep up misses snapshots rather than queueing them: each one is whole, so the next
 * replaces what it missed. A page that leaves is forgotten when its connection closes.
 */
final class DashboardStream {
    private static final Logger log = LoggerFactory.getLogger(DashboardStream.class);
    static final String CONTENT_TYPE = "text/event-stream; charset=utf-8";
    private static final long TICK_MILLIS = 250;
    /** A snapshot is due a second after the last; half a tick early still counts, as ticks jitter. */
    private static final long SNAPSHOT_NANOS = TimeUnit.MILLISECONDS.toNanos(1000 - TICK_MILLIS / 2);
    /** EventSource reconnects after a second rather than its default three. */
    private static final byte[] RETRY = "retry: 1000\n\n".getBytes(StandardCharsets.US_ASCII);

    private final AdminService admin;
    // guarded by this
    private final Set<Channel> pages = new HashSet<>();
    private ScheduledFuture<?> ticker;
    // the ticker's (a fixed-rate task never overlaps itself; volatile for the next ticker, maybe on another loop)
    private volatile String lastStates;
    private volatile long lastSentNanos;

    DashboardStream(AdminService admin) {
        this.admin = admin;
    }

    /** Answers {@code ctx}'s request with the stream; the connection carries nothing else from now on. */
    void subscribe(ChannelHandlerContext ctx, HttpVersion version) {
        HttpResponse response = new DefaultHttpResponse(version, HttpResponseStatus.OK);
        DashboardPage.secure(response.headers().set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE))
                .set("X-Accel-Buffering", "no"); // a buffering proxy in front would hold events back
        if (version.equals(HttpVersion.HTTP_1_1)) {
            HttpUtil.setTransferEncodingChunked(response, true);
        } else {
            HttpUtil.setKeepAlive(response, false); // HTTP/1.0: the stream ends when the connection does
        }
        ctx.write(response);
        ctx.write(content(RETRY));
        ctx.writeAndFlush(content(event(DashboardSnapshot.json(admin))))
                .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        Channel page = ctx.channel();
        synchronized (this) {
            pages.add(page);
            if (ticker == null) {
                ticker = ctx.executor().scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
        page.closeFuture().addListener(closed -> leave(page));
    }

    private synchronized void leave(Channel page) {
        pages.remove(page);
        if (pages.isEmpty() && ticker != null) {
            ticker.cancel(false);
            ticker = null;
            lastStates = null;
        }
    }

    /** How many pages listen; for tests. */
    synchronized int pages() {
        return pages.size();
    }

    private void tick() {
        try {
            List<Channel> listening;
            synchronized (this) {
                listening = List.copyOf(pages);
            }
            if (listening.isEmpty()) {
                return;
            }
            String states = DashboardSnapshot.states(admin);
            long now = System.nanoTime();
            if (states.equals(lastStates) && now - lastSentNanos < SNAPSHOT_NANOS) {
                return;
            }
            lastStates = states;
            lastSentNanos = now;
            byte[] event = event(DashboardSnapshot.json(admin));
            for (Channel page : listening) {
                if (page.isActive() && page.isWritable()) {
                    page.writeAndFlush(content(event)).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
                }
            }
        } catch (RuntimeException e) {
            // a ticker that threw would never run again: every page would freeze
            log.warn("dashboard snapshot failed: {}", e.toString());
        }
    }

    /** One event: the snapshot on a single data line (JSON has no raw line breaks). */
    static byte[] event(byte[] json) {
        byte[] event = new byte[6 + json.length + 2];
        System.arraycopy("data: ".getBytes(StandardCharsets.US_ASCII), 0, event, 0, 6);
        System.arraycopy(json, 0, event, 6, json.length);
        event[event.length - 2] = '\n';
        event[event.length - 1] = '\n';
        return event;
    }

    private static HttpContent content(byte[] bytes) {
        return new DefaultHttpContent(Unpooled.wrappedBuffer(bytes));
    }
}
