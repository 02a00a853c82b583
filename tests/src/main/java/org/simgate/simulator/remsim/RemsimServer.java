package org.simgate.simulator.remsim;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;

import org.simgate.rspro.ComponentIdentity;
import org.simgate.rspro.ComponentType;
import org.simgate.rspro.RsproPipeline;
import org.simgate.rspro.ipa.KeepaliveTimers;

/**
 * An RSPRO server written from the protocol, in the role of osmo-remsim-server: banks and clients connect
 * to its RSPRO port (9998); its REST API (9997, same paths and JSON as osmo-remsim-server's) maps a bank
 * slot to a client slot; it tells the bank (CreateMappingReq / RemoveMappingReq) and the client
 * (ConfigClientBankReq with the bank's address: the source address of the bank's connection, and port
 * 9999). A second bank with the same id gets identityInUse. Keepalive as osmo-remsim: a PING on connect
 * and every 30 s, a peer without PONG within 10 s is dropped.
 *
 * <p>For end-to-end tests and for trying simgate's bank without osmo-remsim:
 * {@code java -cp … org.simgate.simulator.remsim.RemsimServer [--bind 127.0.0.1] [--rspro-port 9998]
 * [--rest-port 9997] [--bankd-port 9999] [--ping-interval 30] [--pong-timeout 10]}.
 * It has no authentication, like the original: keep it on loopback or a trusted network.
 */
public final class RemsimServer implements AutoCloseable {
    /**
     * @param bind        address of both listeners
     * @param rsproPort   RSPRO port (9998; 0 picks a free one)
     * @param restPort    REST port (9997; 0 picks a free one)
     * @param bankdPort   the port clients are told to reach banks on (osmo-remsim-server hard-codes 9999)
     * @param keepalive   PING interval and PONG timeout
     */
    public record Settings(String bind, int rsproPort, int restPort, int bankdPort, KeepaliveTimers keepalive) {
        public static Settings defaults() {
            return new Settings("127.0.0.1", 9998, 9997, 9999, KeepaliveTimers.OSMO_REMSIM);
        }

        /** Free ports on loopback, for tests. */
        public static Settings forTests(int bankdPort, KeepaliveTimers keepalive) {
            return new Settings("127.0.0.1", 0, 0, bankdPort, keepalive);
        }

        public Settings withRsproPort(int port) {
            return new Settings(bind, port, restPort, bankdPort, keepalive);
        }
    }

    private final EventLoopGroup loops;
    private final Channel listener;
    private final RestApi rest;

    private final ServerState state;

    private final ChannelGroup peers;

    private RemsimServer(EventLoopGroup loops, Channel listener, RestApi rest, ServerState state, ChannelGroup peers) {
        this.peers = peers;
        this.loops = loops;
        this.listener = listener;
        this.rest = rest;
        this.state = state;
    }

    /**
     * The port clients are told to reach banks on from now on (osmo-remsim-server: always 9999). For a
     * test whose bank listens on a port the system picked.
     */
    public void tellClientsBankPort(int port) {
        state.bankdPort(port);
    }

    public static RemsimServer start(Settings settings) throws IOException, InterruptedException {
        // one thread: the server's state is touched only there (REST calls hop onto it)
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoop loop = loops.next();
        ChannelGroup peers = new DefaultChannelGroup("remsim-server-peers", loop);
        try {
            ServerState state = new ServerState(identity(), settings.bankdPort());
            Channel listener = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            peers.add(ch);
                            RsproPipeline.addTo(ch.pipeline(), settings.keepalive(), true);
                            ch.pipeline().addLast("remsim-server", new ServerPeerHandler(state));
                        }
                    })
                    .bind(settings.bind(), settings.rsproPort()).sync().channel();
            RestApi rest = new RestApi(new InetSocketAddress(settings.bind(), settings.restPort()), loop, state);
            return new RemsimServer(loops, listener, rest, state, peers);
        } catch (IOException | InterruptedException | RuntimeException e) {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    public int rsproPort() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    public int restPort() {
        return rest.port();
    }

    /** The REST API's base URL, e.g. {@code http://127.0.0.1:9997/api/backend/v1}. */
    public String restBase() {
        InetSocketAddress address = (InetSocketAddress) listener.localAddress();
        return "http://" + address.getAddress().getHostAddress() + ":" + restPort() + RestApi.PREFIX;
    }

    @Override
    public void close() {
        rest.close();
        listener.close().awaitUninterruptibly();
        // hang up on every bank and client, as a server process that ends does
        peers.close().awaitUninterruptibly();
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    private static ComponentIdentity identity() {
        return ComponentIdentity.ofThisHost(ComponentType.REMSIM_SERVER, "simgate-remsim-server", "0.1");
    }

    public static void main(String[] args) throws Exception {
        Settings defaults = Settings.defaults();
        String bind = defaults.bind();
        int rsproPort = defaults.rsproPort();
        int restPort = defaults.restPort();
        int bankdPort = defaults.bankdPort();
        long ping = 30;
        long pong = 10;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--bind" -> bind = value;
                case "--rspro-port" -> rsproPort = Integer.parseInt(value);
                case "--rest-port" -> restPort = Integer.parseInt(value);
                case "--bankd-port" -> bankdPort = Integer.parseInt(value);
                case "--ping-interval" -> ping = Long.parseLong(value);
                case "--pong-timeout" -> pong = Long.parseLong(value);
                default -> {
                    System.err.println("usage: RemsimServer [--bind ADDR] [--rspro-port 9998] [--rest-port 9997]"
                            + " [--bankd-port 9999] [--ping-interval 30] [--pong-timeout 10]");
                    System.exit(2);
                }
            }
            i++;
        }
        KeepaliveTimers timers = new KeepaliveTimers(Duration.ofSeconds(ping), Duration.ofSeconds(pong));
        RemsimServer server = start(new Settings(bind, rsproPort, restPort, bankdPort, timers));
        System.out.println("remsim server: RSPRO on " + bind + ":" + server.rsproPort() + ", REST on "
                + server.restBase());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
