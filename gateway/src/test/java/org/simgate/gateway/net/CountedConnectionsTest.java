package org.simgate.gateway.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A listener's connection budget over real sockets: a listener that greets each connection it
 * takes; clients from 127.0.0.1, .2 and .3 (all loopback on Linux). A refused connection is closed
 * before anything is written to it.
 */
class CountedConnectionsTest {
    private final EventLoops loops = new EventLoops(2);
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final AtomicInteger metered = new AtomicInteger();
    private final List<Socket> clients = new ArrayList<>();
    private CountedConnections counted;
    private InetSocketAddress address;

    @BeforeEach
    void listen() throws Exception {
        counted = new CountedConnections("test", new CountedConnections.Limits(4, 2, "simgate.test"), metered,
                refusals::add);
        Channel server = new ServerBootstrap().group(loops.acceptors(), loops.workers()).channel(loops.serverChannel())
                .handler(counted)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                ctx.writeAndFlush(Unpooled.copiedBuffer("hi\n", StandardCharsets.US_ASCII));
                            }
                        });
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        address = (InetSocketAddress) server.localAddress();
    }

    @AfterEach
    void close() throws IOException {
        for (Socket client : clients) {
            client.close();
        }
        loops.close();
    }

    private Socket connect(String from) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        socket.connect(address, 10_000);
        socket.setSoTimeout(30_000);
        clients.add(socket);
        return socket;
    }

    /** True when the listener took the connection (it greets), false when it closed it unread. */
    private boolean taken(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] greeting = new byte[3];
        int n = 0;
        try {
            while (n < 3) {
                int read = in.read(greeting, n, 3 - n);
                if (read < 0) {
                    return false;
                }
                n += read;
            }
        } catch (java.net.SocketException reset) {
            return false;
        }
        assertEquals("hi\n", new String(greeting, StandardCharsets.US_ASCII));
        return true;
    }

    @Test
    void oneMoreThanAnAddressMayOpenIsClosedUnreadAndOtherAddressesStillGetIn() throws Exception {
        assertTrue(taken(connect("127.0.0.1")));
        assertTrue(taken(connect("127.0.0.1")));
        assertEquals(false, taken(connect("127.0.0.1")), "the third from one address");
        assertTrue(taken(connect("127.0.0.2")));
        assertEquals(List.of("address_full"), refusals);
    }

    @Test
    void oneMoreThanTheListenerHoldsIsClosedUnread() throws Exception {
        for (String from : List.of("127.0.0.1", "127.0.0.1", "127.0.0.2", "127.0.0.2")) {
            assertTrue(taken(connect(from)), from);
        }
        assertEquals(false, taken(connect("127.0.0.3")), "the fifth");
        assertEquals(List.of("listener_full"), refusals);
        assertEquals(4, counted.open());
        assertEquals(4, metered.get());
    }

    @Test
    void aClosedConnectionMakesRoomAgain() throws Exception {
        Socket first = connect("127.0.0.1");
        assertTrue(taken(first));
        assertTrue(taken(connect("127.0.0.1")));
        first.close();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (counted.open() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, counted.open());
        assertTrue(taken(connect("127.0.0.1")), "room again for that address");
        assertEquals(List.of(), refusals);
    }
}
