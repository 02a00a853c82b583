package org.simgate.protocol;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectDecoder;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The pipeline of every HTTP front (REST, management, the UNIX-socket listener), in one fixed order:
 * TLS, the request deadline's byte watch, idleness, the HTTP codec, the request deadline, keep-alive,
 * the Host check, the cross-site check, the aggregator, then the front's own handler. A front says
 * which of the optional stages it has; it cannot put them in another order.
 *
 * <p>TLS comes first so only request bytes count as activity; the checks of a request's head come
 * before the aggregator, so a refused request's body is never buffered.
 */
public final class HttpPipeline {
    private final String listener;
    private SslContext sslContext;
    private boolean halfClosure;
    private Duration requestReadTimeout = Duration.ofSeconds(10);
    private Runnable requestTimedOut = () -> { };
    private Duration idleTimeout = Duration.ofSeconds(300);
    private int maxRequestLine = HttpObjectDecoder.DEFAULT_MAX_INITIAL_LINE_LENGTH;
    private int maxHeaderBytes = HttpObjectDecoder.DEFAULT_MAX_HEADER_SIZE;
    private int maxChunkBytes = HttpObjectDecoder.DEFAULT_MAX_CHUNK_SIZE;
    private AllowedHosts hosts;
    private Predicate<String> crossSiteOpen;
    private Runnable crossSiteRefused;

    /** @param listener the listener's config section ({@code simgate.http}), as log lines name it */
    public HttpPipeline(String listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** HTTPS with this server context; null: plain HTTP (or TLS added by whoever accepts the channel). */
    public HttpPipeline tls(SslContext context) {
        if (context != null && !context.isServer()) {
            throw new IllegalArgumentException("sslContext must be a server context");
        }
        this.sslContext = context;
        return this;
    }

    /** A client that shuts its sending side after the request (printf … | nc) still gets the answer. */
    public HttpPipeline halfClosure() {
        this.halfClosure = true;
        return this;
    }

    /**
     * Each request must arrive whole within {@code timeout} ({@link RequestDeadline}), else 408 and
     * close, and {@code timedOut} is told; a connection that says nothing for {@code idle} is the
     * handler's to close ({@code IdleStateEvent}).
     */
    public HttpPipeline deadlines(Duration timeout, Runnable timedOut, Duration idle) {
        this.requestReadTimeout = Objects.requireNonNull(timeout, "timeout");
        this.requestTimedOut = Objects.requireNonNull(timedOut, "timedOut");
        this.idleTimeout = Objects.requireNonNull(idle, "idle");
        return this;
    }

    /** The decoder's limits; Netty's defaults otherwise. */
    public HttpPipeline decoderLimits(int requestLine, int headerBytes, int chunkBytes) {
        this.maxRequestLine = requestLine;
        this.maxHeaderBytes = headerBytes;
        this.maxChunkBytes = chunkBytes;
        return this;
    }

    /** Answers only requests naming these hosts ({@link HostCheck}); null answers any. */
    public HttpPipeline answeringOnly(AllowedHosts allowed) {
        this.hosts = allowed;
        return this;
    }

    /**
     * Refuses every browser request a web page of another site sends ({@link CrossSiteCheck}) but
     * those whose URI {@code open} accepts; {@code refused} is told of each refusal.
     */
    public HttpPipeline refusingCrossSite(Predicate<String> open, Runnable refused) {
        this.crossSiteOpen = Objects.requireNonNull(open, "open");
        this.crossSiteRefused = Objects.requireNonNull(refused, "refused");
        return this;
    }

    /** The listener's scheme, the start of every signed target URI and of its own origin. */
    public String scheme() {
        return sslContext != null ? "https" : "http";
    }

    /**
     * Adds every stage to a channel's pipeline, then {@code aggregator} and the front's handler
     * under {@code handlerName}. Called once per channel: the handlers are the channel's own.
     */
    public void build(ChannelPipeline pipeline, ChannelHandler aggregator, String handlerName, ChannelHandler handler) {
        if (halfClosure) {
            pipeline.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        }
        if (sslContext != null) {
            pipeline.addLast("tls", sslContext.newHandler(pipeline.channel().alloc()));
            HandshakeQuickAck.addBefore(pipeline, "tls"); // BoringSSL's early tickets leave the client's last flight un-ACKed for 40 ms
        }
        RequestDeadline deadline = new RequestDeadline(requestReadTimeout, listener, requestTimedOut);
        pipeline.addLast("deadline-bytes", deadline.bytes());
        pipeline.addLast("idle", new IdleStateHandler(idleTimeout.toNanos(), 0, 0, TimeUnit.NANOSECONDS));
        pipeline.addLast("http", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(maxRequestLine)
                .setMaxHeaderSize(maxHeaderBytes)
                .setMaxChunkSize(maxChunkBytes)));
        pipeline.addLast("deadline", deadline.requests());
        pipeline.addLast("keep-alive", new HttpServerKeepAliveHandler());
        if (hosts != null) {
            pipeline.addLast("host-check", new HostCheck(hosts));
        }
        if (crossSiteOpen != null) {
            pipeline.addLast("cross-site", new CrossSiteCheck(listener, scheme(), crossSiteOpen, crossSiteRefused));
        }
        pipeline.addLast("aggregator", aggregator);
        pipeline.addLast(handlerName, handler);
    }
}
