package org.simgate.gateway.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A front on a UNIX datagram socket (hostapd's external AuC protocol) gets its socket with its
 * mode, answers each datagram's sender, and leaves no file behind.
 */
class UnixDatagramListenerTest {
    @TempDir
    Path dir;
    private EventLoops loops;

    @BeforeEach
    void loops() {
        assumeTrue(Epoll.isAvailable(), "UNIX datagram sockets need epoll");
        loops = new EventLoops(1);
    }

    @AfterEach
    void close() {
        if (loops != null) {
            loops.close();
        }
    }

    /** Answers each datagram with its text upper-cased. */
    private static final class Shout extends SimpleChannelInboundHandler<DomainDatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket packet) {
            String text = packet.content().toString(StandardCharsets.US_ASCII).toUpperCase();
            ctx.writeAndFlush(new DomainDatagramPacket(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII),
                    packet.sender()));
        }
    }

    @Test
    void aDatagramIsAnsweredToItsSenderAndTheSocketHasItsMode() throws Exception {
        Path path = dir.resolve("auc.sock");
        CompletableFuture<String> answer = new CompletableFuture<>();
        try (UnixSocketListener listener = UnixSocketListener.datagram("simgate.auc", path,
                PosixFilePermissions.fromString("rw-rw----"), loops, new Shout())) {
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            Channel client = new Bootstrap().group(loops.workers()).channel(EpollDomainDatagramChannel.class)
                    .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket packet) {
                            answer.complete(packet.content().toString(StandardCharsets.US_ASCII));
                        }
                    })
                    .bind(new DomainSocketAddress(dir.resolve("client.sock").toString())).sync().channel();
            try {
                client.writeAndFlush(new DomainDatagramPacket(Unpooled.copiedBuffer("aka-req-auth",
                        StandardCharsets.US_ASCII), new DomainSocketAddress(path.toString()))).sync();
                assertEquals("AKA-REQ-AUTH", answer.get(30, TimeUnit.SECONDS));
            } finally {
                client.close().sync();
            }
        }
        assertFalse(Files.exists(path), "close removes the socket file");
    }

    @Test
    void aFileInTheWayRefusesTheStartNamingTheKey() throws IOException {
        Path path = Files.writeString(dir.resolve("auc.sock"), "not a socket");
        IOException e = assertThrows(IOException.class, () -> UnixSocketListener.datagram("simgate.auc", path,
                PosixFilePermissions.fromString("rw-------"), loops, new Shout()));
        assertEquals("simgate.auc.path " + path + ": exists and is not a socket; simgate replaces only a stale "
                + "socket: move it away or choose another path", e.getMessage());
    }
}
