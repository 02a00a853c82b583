package org.simgate.protocol.rest;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import java.util.Objects;
import java.util.function.Consumer;
import org.simgate.protocol.AllowedHosts;
import org.simgate.protocol.HostCheck;
import org.simgate.protocol.HttpAuthentication;
import org.simgate.protocol.HttpPipeline;
import org.simgate.protocol.VerificationThreads;
import org.simgate.security.Security;
import org.simgate.security.registration.DeviceRegistry;
import org.simgate.service.AucService;
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
    private final HttpAuthentication authentication;
    private final DeviceFinalization finalization;
    /** Null: every Host is answered (a listener beyond loopback with no allowed-hosts). */
    private AllowedHosts hosts;
    /** Told of each refusal by its reason, {@code request_timeout} or {@code cross_site} (a metric). */
    private Consumer<String> refusals = reason -> { };
    private AucService auc;

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
        this.authentication = security == null ? null : new HttpAuthentication(security, "rest", null);
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

    /** Serves the AuC's vector API ({@code POST /auc-api/v1/vectors}) with {@code auc}; null: none. Before binding. */
    public RestInitializer servingVectors(AucService auc) {
        this.auc = auc;
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
        // RestHandler closes a half-closed connection once it has written what it owes; it decides what idle means
        new HttpPipeline(listener())
                .tls(sslContext)
                .halfClosure()
                .deadlines(settings.requestReadTimeout(), () -> refusals.accept("request_timeout"), settings.idleTimeout())
                .decoderLimits(MAX_REQUEST_LINE, MAX_HEADER_BYTES, MAX_CHUNK_BYTES)
                .answeringOnly(hosts)
                // any request a web page of another site makes the operator's browser send reaches no card
                .refusingCrossSite(RestInitializer::reachesNoCard, () -> refusals.accept("cross_site"))
                .build(pipeline, new RequestAggregator(settings.maxBodyBytes()), "rest",
                        new RestHandler(service, settings.maxPipelinedRequests(), authentication,
                                sslContext != null ? "https" : "http", finalization, offLoop).withAuc(auc));
    }

    /** {@code /health}: any site may poll it. */
    private static boolean reachesNoCard(String uri) {
        return RestRoutes.isHealth(uri);
    }
}
