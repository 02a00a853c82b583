package org.simgate.protocol.management;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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

    /**
     * @param metrics the Prometheus scrape text, or null when metrics are off ({@code /metrics} is 404)
     */
    public ManagementInitializer(AdminService admin, Supplier<String> metrics) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.metrics = metrics;
        this.dashboard = new DashboardStream(admin);
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        configure(channel.pipeline());
    }

    /** Builds the pipeline; separate from initChannel so tests can use an EmbeddedChannel. */
    void configure(ChannelPipeline pipeline) {
        pipeline.addLast("idle", new IdleStateHandler(IDLE_SECONDS, 0, 0, TimeUnit.SECONDS));
        pipeline.addLast("http", new HttpServerCodec());
        pipeline.addLast("keep-alive", new HttpServerKeepAliveHandler());
        pipeline.addLast("aggregator", new HttpObjectAggregator(MAX_BODY_BYTES));
        pipeline.addLast("management", new ManagementHandler(admin, metrics, dashboard));
    }
}
