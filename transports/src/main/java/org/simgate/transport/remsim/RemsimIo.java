package org.simgate.transport.remsim;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The event loop every remsim client link shares: one daemon thread, so a few RSPRO links cost one
 * thread, not one per slot. Only Netty I/O and short state changes run on it; the slots' threads do
 * the waiting.
 */
final class RemsimIo {
    private static EventLoopGroup group;

    private RemsimIo() {
    }

    static synchronized EventLoopGroup group() {
        if (group == null) {
            group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("remsim-client", true),
                    NioIoHandler.newFactory());
        }
        return group;
    }

    static Bootstrap bootstrap(ChannelHandler initializer, int connectTimeoutMillis) {
        return new Bootstrap().group(group()).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(initializer);
    }
}
