package org.simgate.protocol.management;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.simgate.protocol.AllowedHosts;
import org.simgate.protocol.ConnectionsByKey;
import org.simgate.protocol.HostCheck;
import org.simgate.protocol.HttpPipeline;
import org.simgate.protocol.VerificationThreads;
import org.simgate.security.Security;
import org.simgate.security.registration.DeviceRegistry;
import org.simgate.service.AdminService;

/** The management listener's pipeline: HTTP/1.1, small bodies, one {@link ManagementHandler}. */
public final class ManagementInitializer extends ChannelInitializer<SocketChannel> {
    /** Admin requests carry no body worth the name; anything larger is a mistake or abuse. */
    private static final int MAX_BODY_BYTES = 4096;
    /** A scraper keeps its connection; one that went quiet this long is gone. */
    private static final long IDLE_SECONDS = 300;

    private final AdminService admin;
    private final Supplier<String> metrics;
    private final DashboardStream dashboard;
    private final AdminGuard guard;
    private final DeviceEndpoints devices;
    private final ConnectionsByKey streams;
    /** Null: every Host is answered (a listener beyond loopback with no allowed-hosts). */
    private AllowedHosts hosts;
    private Duration requestReadTimeout = Duration.ofSeconds(10);
    /** Told of each connection closed because a request did not arrive in time (a metric). */
    private Runnable requestTimedOut = () -> { };

    /**
     * @param metrics the Prometheus scrape text, or null when metrics are off ({@code /metrics} is 404)
     */
    public ManagementInitializer(AdminService admin, Supplier<String> metrics) {
        this(admin, metrics, null, null, new ConnectionsByKey());
    }

    /**
     * @param security    null when authentication is off: every route answers anyone on the listener
     * @param registry    the registered devices, null when authentication is off (the device routes are 404)
     * @param connections where the dashboard's event streams are listed by the key that opened them;
     *                    the gateway closes a key's connections when it ends (a device revoked, a shared
     *                    key removed or changed), an event stream's too, as it never sends another request
     */
    public ManagementInitializer(AdminService admin, Supplier<String> metrics, Security security,
                                 DeviceRegistry registry, ConnectionsByKey connections) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.metrics = metrics;
        this.dashboard = new DashboardStream(admin);
        this.guard = security == null ? null : new AdminGuard(security);
        this.devices = new DeviceEndpoints(registry, registryThread());
        this.streams = Objects.requireNonNull(connections, "connections");
    }

    /** One thread for the registry's file writes and QR codes, in request order; it ends when idle. */
    private static ThreadPoolExecutor registryThread() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "device-registry");
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** Answers only requests naming these hosts ({@link HostCheck}); null (the default) answers any. Before binding. */
    public ManagementInitializer answeringOnly(AllowedHosts hosts) {
        this.hosts = hosts;
        return this;
    }

    /**
     * Each request must arrive whole within {@code timeout} of its first byte (a connection's first
     * request: of the accept), else 408 and close; {@code counter} is told of each such close. Before binding.
     */
    public ManagementInitializer readingRequestsWithin(Duration timeout, Runnable counter) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        this.requestReadTimeout = timeout;
        this.requestTimedOut = Objects.requireNonNull(counter, "counter");
        return this;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        configure(channel.pipeline());
    }

    /** Builds the pipeline; separate from initChannel so tests can use an EmbeddedChannel. */
    void configure(ChannelPipeline pipeline) {
        configure(pipeline, VerificationThreads.executor());
    }

    /** @param offLoop where P-384 signatures are verified (tests: their own) */
    void configure(ChannelPipeline pipeline, Executor offLoop) {
        // TLS, when configured, is the listener's (added before this pipeline); cross-site requests are
        // refused by the handler, which knows which routes change something
        new HttpPipeline("simgate.management")
                .deadlines(requestReadTimeout, requestTimedOut, Duration.ofSeconds(IDLE_SECONDS))
                .answeringOnly(hosts)
                .build(pipeline, new HttpObjectAggregator(MAX_BODY_BYTES), "management",
                        new ManagementHandler(admin, metrics, dashboard, guard, devices, streams, offLoop));
    }
}
