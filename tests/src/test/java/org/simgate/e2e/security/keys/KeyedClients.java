package org.simgate.e2e.security.keys;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.simgate.e2e.security.line.AuthGateway;
import org.simgate.security.keys.SharedKey;
import org.simgate.security.signature.RequestSigner;

/**
 * The three kinds of connection a key keeps open, over real sockets: a line-protocol connection, a
 * vpcd peer of a listening relay, a dashboard event stream. Each can tell whether the gateway
 * closed it, waiting at most {@link #CLOSE_WITHIN} (the key file is polled every 100 ms).
 */
final class KeyedClients {
    static final Duration CLOSE_WITHIN = Duration.ofSeconds(5);

    private KeyedClients() {
    }

    /** Replaces the key file in one step, as config management does (never half a file). */
    static void rewrite(Path keysFile, String content) throws IOException {
        Path next = keysFile.resolveSibling(keysFile.getFileName() + ".next");
        Files.writeString(next, content);
        Files.move(next, keysFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Polls until {@code condition} holds (the key file's own period is 100 ms). */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + CLOSE_WITHIN.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + CLOSE_WITHIN + ": " + what);
            }
            Thread.sleep(10);
        }
    }

    /** Reads what is left; true when the server closed the connection within {@link #CLOSE_WITHIN}. */
    static boolean closedByServer(Socket socket, InputStream in) throws IOException {
        socket.setSoTimeout((int) CLOSE_WITHIN.toMillis());
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // what was under way (a dashboard's events) until the close
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    /** A line-protocol connection. */
    static final class Line implements AutoCloseable {
        final Socket socket;
        final InputStream in;

        Line(InetSocketAddress address) throws IOException {
            socket = new Socket(address.getAddress(), address.getPort());
            socket.setSoTimeout(5_000);
            in = socket.getInputStream();
        }

        /** Sends text and reads the answer up to {@code @@}. */
        String ask(String text) throws IOException {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                answer.write(b);
                if (b == '\n' && answer.toString(StandardCharsets.UTF_8).endsWith("@@\n")) {
                    return answer.toString(StandardCharsets.UTF_8);
                }
            }
            throw new IOException("closed after: " + answer.toString(StandardCharsets.UTF_8));
        }

        String imsi(int slot) throws IOException {
            return ask(">simgate slot " + slot + "|\n>1:IMSI|\n\n");
        }

        /** Sends a request without waiting for an answer: on a closed connection it goes nowhere. */
        void sendIgnoringErrors(String text) {
            try {
                socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
            } catch (IOException e) {
                // closed: nothing was sent
            }
        }

        boolean closedByServer() throws IOException {
            return KeyedClients.closedByServer(socket, in);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A vpcd peer of a listening relay: 2-byte length, payload. */
    static final class Vpcd implements AutoCloseable {
        static final byte[] GET_ATR = {0x04};
        final Socket socket;
        final DataInputStream in;
        final DataOutputStream out;

        Vpcd(InetSocketAddress address) throws IOException {
            socket = new Socket(address.getAddress(), address.getPort());
            socket.setSoTimeout(5_000);
            in = new DataInputStream(socket.getInputStream());
            out = new DataOutputStream(socket.getOutputStream());
        }

        void send(byte[] payload) throws IOException {
            out.writeShort(payload.length);
            out.write(payload);
            out.flush();
        }

        byte[] receive() throws IOException {
            int length = in.readUnsignedShort();
            byte[] payload = new byte[length];
            in.readFully(payload);
            return payload;
        }

        boolean closedByServer() throws IOException {
            return KeyedClients.closedByServer(socket, in);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** The dashboard's event stream on the management listener, opened with a signed request. */
    static final class Events implements AutoCloseable {
        final Socket socket;
        final InputStream in;

        Events(InetSocketAddress management, Map<String, String> signature) throws IOException {
            socket = new Socket(management.getAddress(), management.getPort());
            socket.setSoTimeout(5_000);
            StringBuilder request = new StringBuilder("GET /ui/events HTTP/1.1\r\nHost: 127.0.0.1:"
                    + management.getPort() + "\r\n");
            signature.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            in = socket.getInputStream();
        }

        static Map<String, String> signature(InetSocketAddress management, String keyId, int fill, Clock clock) {
            SharedKey key = new SharedKey(keyId, "g", "c", AuthGateway.secret(fill), null, false);
            return RequestSigner.hmac(key, clock).sign("GET", "http://127.0.0.1:" + management.getPort() + "/ui/events",
                    new byte[0]);
        }

        /** The status line's start: {@code HTTP/1.1 200}. */
        String status() throws IOException {
            return new String(in.readNBytes(12), StandardCharsets.US_ASCII);
        }

        /** Skips what has arrived, then waits for a further event (one a second): the stream is still open. */
        boolean stillOpen() throws IOException {
            in.skipNBytes(in.available());
            return nextEvent();
        }

        /** Reads until an event arrives. */
        boolean nextEvent() throws IOException {
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                seen.write(buffer, 0, n);
                if (seen.toString(StandardCharsets.UTF_8).contains("data: ")) {
                    return true;
                }
            }
            return false;
        }

        boolean closedByServer() throws IOException {
            return KeyedClients.closedByServer(socket, in);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
