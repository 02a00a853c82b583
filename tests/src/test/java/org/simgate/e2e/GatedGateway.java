package org.simgate.e2e;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.simgate.gateway.GatewayService;
import org.simgate.gateway.config.GatewayConfig;

import org.simgate.gateway.config.SlotConfig;
import org.simgate.gateway.slot.SlotRegistry;
import org.simgate.protocol.rest.RestInitializer;
import org.simgate.protocol.rest.RestSettings;
import org.simgate.transport.CardTransport;

/**
 * The gateway's own parts (config, slot registry and executors, GatewayService, the REST
 * pipeline) on a real plain-HTTP socket, as {@code Gateway.start} wires them, except that each
 * simulated card sits behind a {@link GatedCard}. Gateway offers no seam for a transport, so
 * this is the one place the tests assemble it themselves.
 */
final class GatedGateway implements AutoCloseable {
    private final Map<Integer, GatedCard> cards = new ConcurrentHashMap<>();
    private final SlotRegistry slots;
    private final EventLoopGroup loops;
    private final Channel server;
    private final Http client = new Http(null);

    GatedGateway(Path dir, String settings) throws InterruptedException {
        GatewayConfig config = RunningGateway.config(dir, settings);
        slots = new SlotRegistry(config.slots(), slot -> {
            GatedCard card = new GatedCard(simcard(slot));
            cards.put(slot.id(), card);
            return card;
        });
        slots.start();
        RestSettings rest = new RestSettings(config.rest().maxBodyBytes(), config.rest().idleTimeout(),
                config.rest().maxPipelined());
        loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        server = new ServerBootstrap()
                .group(loops)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new RestInitializer(new GatewayService(slots, config.defaultSlot()), rest, null))
                .bind("127.0.0.1", 0).sync().channel();
    }

    private static CardTransport simcard(SlotConfig slot) {
        try {
            return slot.card().open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    GatedCard card(int slot) {
        return cards.get(slot);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    URI http(String path) {
        return URI.create("http://127.0.0.1:" + address().getPort() + path);
    }

    Http client() {
        return client;
    }

    RawConnection connect() throws IOException {
        return RawConnection.to(address());
    }

    /** Opens every gate and plugs every reader back in. */
    void releaseAll() {
        cards.values().forEach(card -> {
            card.plugIn();
            card.release();
        });
    }

    @Override
    public void close() {
        releaseAll();
        server.close().syncUninterruptibly();
        slots.shutdown(5_000);
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
