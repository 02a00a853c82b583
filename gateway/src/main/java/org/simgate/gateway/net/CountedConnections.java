package org.simgate.gateway.net;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/** A listener's own initializer, plus a count of its open connections (for the metrics). */
public final class CountedConnections extends ChannelInitializer<SocketChannel> {
    private final ChannelInitializer<SocketChannel> protocol;
    private final AtomicInteger open;

    public CountedConnections(ChannelInitializer<SocketChannel> protocol, AtomicInteger open) {
        this.protocol = protocol;
        this.open = open;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        open.incrementAndGet();
        channel.closeFuture().addListener(closed -> open.decrementAndGet());
        channel.pipeline().addLast(protocol);
    }
}
