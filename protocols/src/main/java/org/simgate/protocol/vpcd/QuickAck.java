package org.simgate.protocol.vpcd;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.nio.NioChannelOption;

/**
 * TCP_QUICKACK on Linux: ACK what arrives at once instead of waiting up to 40 ms for a reply to
 * carry it. The kernel drops back to delayed ACKs on its own, so the relay re-arms it after every
 * read. Epoll channels have their own option; NIO channels reach the JDK's; elsewhere it is a no-op.
 */
public final class QuickAck {
    private static final ChannelOption<Boolean> NIO_QUICKACK = nioOption();

    private QuickAck() {
    }

    public static void rearm(Channel channel) {
        if (!channel.config().setOption(EpollChannelOption.TCP_QUICKACK, true) && NIO_QUICKACK != null) {
            channel.config().setOption(NIO_QUICKACK, true);
        }
    }

    private static ChannelOption<Boolean> nioOption() {
        try {
            return NioChannelOption.of(jdk.net.ExtendedSocketOptions.TCP_QUICKACK);
        } catch (LinkageError | RuntimeException e) {
            return null; // not Linux, or a JDK without jdk.net
        }
    }
}
