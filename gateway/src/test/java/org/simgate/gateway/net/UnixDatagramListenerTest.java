package org.simgate.gateway.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AuC's datagram socket over real UNIX sockets: its mode, an answer to the sender, stale and live sockets. */
class UnixDatagramListenerTest {
    @TempDir
    Path dir;
    private final EventLoops loops = new EventLoops(1);

    @AfterEach
    void stop() {
        loops.close();
    }

    /** Answers every datagram with "re:" and its text, to the sender. */
    private static final class Echo extends SimpleChannelInboundHandler<DomainDatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket packet) {
            String text = packet.content().toString(StandardCharsets.US_ASCII);
            ctx.writeAndFlush(new DomainDatagramPacket(Unpooled.copiedBuffer("re:" + text, StandardCharsets.US_ASCII),
                    packet.sender()));
        }
    }

    private UnixDatagramListener listen(Path path) throws IOException {
        return UnixDatagramListener.start("simgate.auc.hostapd", path, PosixFilePermissions.fromString("rw-rw----"),
                loops, new Echo());
    }

    /** A bound client socket, as hostapd's eap_sim_db binds one, whose answers land in {@code answers}. */
    private Channel client(Path at, BlockingQueue<String> answers) throws InterruptedException {
        return new Bootstrap().group(loops.workers()).channel(EpollDomainDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket packet) {
                        answers.add(packet.content().toString(StandardCharsets.US_ASCII));
                    }
                }).bind(new DomainSocketAddress(at.toString())).sync().channel();
    }

    @Test
    void answersTheSenderAndHasItsModeFromTheStart() throws Exception {
        assumeTrue(loops.kind().equals("epoll"), "UNIX datagrams need epoll");
        Path path = dir.resolve("auc.sock");
        BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        try (UnixDatagramListener listener = listen(path)) {
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            Channel client = client(dir.resolve("client.sock"), answers);
            client.writeAndFlush(new DomainDatagramPacket(Unpooled.copiedBuffer("AKA-REQ-AUTH 001010000000001",
                    StandardCharsets.US_ASCII), new DomainSocketAddress(path.toString()))).sync();
            assertEquals("re:AKA-REQ-AUTH 001010000000001", answers.poll(10, TimeUnit.SECONDS));
            client.close().sync();
        }
        assertFalse(Files.exists(path), "the socket file goes with the listener");
    }

    @Test
    void aStaleSocketIsReplacedALiveOneRefused() throws Exception {
        assumeTrue(loops.kind().equals("epoll"), "UNIX datagrams need epoll");
        Path path = dir.resolve("auc.sock");
        // a datagram socket whose process is gone leaves its file behind
        client(path, new LinkedBlockingQueue<>()).close().sync();
        assertTrue(Files.exists(path));
        try (UnixDatagramListener listener = listen(path)) {
            IOException refused = assertThrows(IOException.class, () -> listen(path));
            assertTrue(refused.getMessage().startsWith("simgate.auc.hostapd.path " + path + ": another process holds"),
                    refused.getMessage());
        }
        Files.writeString(path, "not a socket");
        IOException notASocket = assertThrows(IOException.class, () -> listen(path));
        assertTrue(notASocket.getMessage().contains("exists and is not a socket"), notASocket.getMessage());
    }
}
