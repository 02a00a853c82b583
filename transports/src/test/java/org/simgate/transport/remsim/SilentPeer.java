package org.simgate.transport.remsim;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP peer on loopback that accepts and reads but never answers: no PONG, no ConnectClientRes.
 * It counts the connections made to it, so a test sees a silent peer dropped and called again.
 */
public final class SilentPeer implements AutoCloseable {
    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();

    private SilentPeer(ServerSocket socket) {
        this.socket = socket;
    }

    public static SilentPeer start() throws IOException {
        SilentPeer peer = new SilentPeer(new ServerSocket(0, 5, InetAddress.getLoopbackAddress()));
        Thread accepting = new Thread(peer::accept, "silent-remsim-peer");
        accepting.setDaemon(true);
        accepting.start();
        return peer;
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket peer = socket.accept();
                connections.incrementAndGet();
                Thread reader = new Thread(() -> {
                    try (Socket s = peer; InputStream in = s.getInputStream()) {
                        while (in.read() >= 0) {
                            // say nothing
                        }
                    } catch (IOException e) {
                        // closed
                    }
                });
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
