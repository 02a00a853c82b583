package org.simgate.protocol.vpcd;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import java.util.Objects;
import org.simgate.service.SimService;

/**
 * A vpcd relay connection's pipeline: {@link VpcdCodec} then {@link VpcdRelayHandler}, for one slot.
 * The same for both directions: simgate connecting out to vpcd, or vpcd (reversed mode)
 * connecting in.
 */
public final class VpcdInitializer extends ChannelInitializer<SocketChannel> {
    private final SimService service;
    private final int slot;

    public VpcdInitializer(SimService service, int slot) {
        this.service = Objects.requireNonNull(service, "service");
        this.slot = slot;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        // one small frame per message both ways: never hold one back for Nagle
        channel.config().setOption(ChannelOption.TCP_NODELAY, true);
        configure(channel.pipeline());
    }

    /** Builds the pipeline; separate from initChannel so tests can use an EmbeddedChannel. */
    void configure(ChannelPipeline pipeline) {
        pipeline.addLast("vpcd", new VpcdCodec());
        pipeline.addLast("relay", new VpcdRelayHandler(service, slot));
    }
}
