package org.simgate.e2e.clients;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Request bytes exactly as given, over a fresh connection to a UNIX domain socket (AF_UNIX, SOCK_STREAM). */
final class UnixSocketHttp {
    /** No read waits longer; a test that reaches it fails instead of hanging. */
    static final long DEADLINE_MILLIS = 15_000;

    /**
     * What came back: every byte until the server closed, or up to {@code limit} bytes, or what had
     * come when the deadline passed ({@code closedByServer} false).
     */
    record Exchange(String received, boolean closedByServer) {
    }

    private UnixSocketHttp() {
    }

    static Exchange exchange(Path socket, String request) throws IOException {
        return exchange(socket, request, Integer.MAX_VALUE);
    }

    /** As {@link #exchange(Path, String)}, reading no more than {@code limit} bytes, as a client with a fixed buffer. */
    static Exchange exchange(Path socket, String request, int limit) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
             Selector selector = Selector.open()) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(4096);
            long deadline = System.nanoTime() + DEADLINE_MILLIS * 1_000_000;
            while (received.size() < limit) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return new Exchange(received.toString(StandardCharsets.ISO_8859_1), false);
                }
                selector.select(left);
                selector.selectedKeys().clear();
                in.clear().limit(Math.min(in.capacity(), limit - received.size()));
                int n = channel.read(in);
                if (n < 0) {
                    return new Exchange(received.toString(StandardCharsets.ISO_8859_1), true);
                }
                received.write(in.array(), 0, n);
            }
            return new Exchange(received.toString(StandardCharsets.ISO_8859_1), false);
        }
    }
}
