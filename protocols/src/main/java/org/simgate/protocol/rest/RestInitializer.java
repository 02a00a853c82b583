package org.simgate.protocol.rest;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.simgate.protocol.AllowedHosts;
import org.simgate.protocol.CrossSiteCheck;
import org.simgate.protocol.HandshakeQuickAck;
import org.simgate.protocol.HostCheck;
import org.simgate.protocol.RequestDeadline;
import org.simgate.protocol.VerificationThreads;
import org.simgate.security.Security;
import org.simgate.security.registration.DeviceRegistry;
import org.simgate.service.SimService;

/**
 * The REST listener's pipeline: simgate's sim-auth, sim-info, apdu and slot APIs and the
 * usim_https_server compatible API over HTTP/1.1, with TLS when given an SslContext. One instance
 * serves every connection of a listener.
 */
public final class RestInitializer extends ChannelInitializer<SocketChannel> {
    /** A usim-https GET with rand and autn is ~120 bytes; 4 KiB leaves room for odd clients. */
    private static final int MAX_REQUEST_LINE = 4096;
    private static final int MAX_HEADER_BYTES = 8192;
    private static final int MAX_CHUNK_BYTES = 8192;

    private final SimService service;
    private final RestSettings settings;
    private final SslContext sslContext;
    private final RequestGuard guard;
    private final DeviceFinalization finalization;
    /** Null: every Host is answered (a listener beyond loopback with no allowed-hosts). */
    private AllowedHosts hosts;
    /** Told of each refusal by its reason, {@code request_timeout} or {@code cross_site} (a metric). */
    private Consumer<String> refusals = reason -> { };

    /**
     * @param sslContext a server context for HTTPS, or null for plain HTTP
     * @param security   with {@code simgate.auth.required}: every request but {@code /health} must be
     *                   authenticated and authorized, and is audited; null: every request is served
     * @param devices    the device registry, whose devices finalize at {@code /admin/v1/devices/finalize};
     *                   null: that path is unknown
     */
    public RestInitializer(SimService service, RestSettings settings, SslContext sslContext, Security security,
                           DeviceRegistry devices) {
        this.service = Objects.requireNonNull(service, "service");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (sslContext != null && !sslContext.isServer()) {
            throw new IllegalArgumentException("sslContext must be a server context");
        }
        this.sslContext = sslContext;
        this.guard = security == null ? null : new RequestGuard(security, sslContext != null ? "https" : "http");
        this.finalization = devices == null ? null : new DeviceFinalization(devices);
    }

    /** Every request served, no authentication. */
    public RestInitializer(SimService service, RestSettings settings, SslContext sslContext) {
        this(service, settings, sslContext, null, null);
    }

    /** Plain HTTP. */
    public RestInitializer(SimService service, RestSettings settings) {
        this(service, settings, null);
    }

    /** Answers only requests naming these hosts ({@link HostCheck}); null (the default) answers any. Before binding. */
    public RestInitializer answeringOnly(AllowedHosts hosts) {
        this.hosts = hosts;
        return this;
    }

    /**
     * Tells {@code counter} of each refusal: {@code request_timeout}, a connection closed at its
     * request read deadline; {@code cross_site}, a browser's request for a page of another site. Before binding.
     */
    public RestInitializer countingRefusals(Consumer<String> counter) {
        this.refusals = Objects.requireNonNull(counter, "counter");
        return this;
    }

    /** The listener's config section, as log lines name it. */
    private String listener() {
        return sslContext != null ? "simgate.https" : "simgate.http";
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        configure(channel.pipeline());
    }

    /** This pipeline for channels that are no TCP SocketChannel, such as a UNIX domain socket's. */
    public ChannelInitializer<Channel> forAnyChannel() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                configure(channel.pipeline());
            }
        };
    }

    /** Builds the pipeline; separate from initChannel so tests can use an EmbeddedChannel. */
    void configure(ChannelPipeline pipeline) {
        configure(pipeline, VerificationThreads.executor());
    }

    /**
     * @param offLoop where P-384 signatures and device finalizations run; an EmbeddedChannel's test
     *                passes a direct executor, since its event loop takes tasks from one thread only
     */
    void configure(ChannelPipeline pipeline, java.util.concurrent.Executor offLoop) {
        // A client that shuts its sending side after the request (printf ... | nc) still gets the
        // answer; RestHandler closes once it has written what it owes.
        pipeline.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        if (sslContext != null) {
            pipeline.addLast("tls", sslContext.newHandler(pipeline.channel().alloc()));
            HandshakeQuickAck.addBefore(pipeline, "tls");
        }
        RequestDeadline deadline = new RequestDeadline(settings.requestReadTimeout(), listener(),
                () -> refusals.accept("request_timeout"));
        pipeline.addLast("deadline-bytes", deadline.bytes());
        // After TLS, so only request bytes count as activity; RestHandler decides what idle means.
        pipeline.addLast("idle", new IdleStateHandler(settings.idleTimeout().toNanos(), 0, 0, TimeUnit.NANOSECONDS));
        pipeline.addLast("http", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_REQUEST_LINE)
                .setMaxHeaderSize(MAX_HEADER_BYTES)
                .setMaxChunkSize(MAX_CHUNK_BYTES)));
        pipeline.addLast("deadline", deadline.requests());
        pipeline.addLast("keep-alive", new HttpServerKeepAliveHandler());
        if (hosts != null) {
            pipeline.addLast("host-check", new HostCheck(hosts));
        }
        // any request a web page of another site makes the operator's browser send reaches no card
        pipeline.addLast("cross-site", new CrossSiteCheck(listener(), sslContext != null ? "https" : "http",
                RestInitializer::reachesNoCard, () -> refusals.accept("cross_site")));
        pipeline.addLast("aggregator", new RequestAggregator(settings.maxBodyBytes()));
        pipeline.addLast("rest", new RestHandler(service, settings.maxPipelinedRequests(), guard, finalization, offLoop));
    }

    /** {@code /health}: any site may poll it. */
    private static boolean reachesNoCard(String uri) {
        RequestTarget target = RequestTarget.parse(uri);
        return target != null && target.endpoint() == Endpoint.HEALTH;
    }
}
