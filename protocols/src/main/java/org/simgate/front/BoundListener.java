package org.simgate.front;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;

/** A TCP listener {@link FrontContext#listen} bound: it accepts nothing until {@link #serve}. */
public interface BoundListener extends AutoCloseable {

    /** The bound address (the system's port when the config said 0). */
    InetSocketAddress address();

    /** Starts accepting, each connection getting {@code protocol} (behind TLS when {@link Listen#tls()}). */
    BoundListener serve(ChannelInitializer<SocketChannel> protocol);

    /** Stops accepting; connections already open stay until they end or the event loops stop. */
    @Override
    void close();
}
