package org.simgate.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One TCP (or TLS) connection on which the test writes request bytes exactly as given and reads
 * the answers back as bytes: for pipelining, keep-alive, garbage and the byte-for-byte contracts.
 */
final class RawConnection implements AutoCloseable {
    /** Reads never wait longer than this; a test that hits it fails instead of hanging. */
    static final int READ_TIMEOUT_MILLIS = 15_000;

    /** One answer: the status line and headers exactly as received, and the body. */
    record Response(String head, String body) {
        int status() {
            return Integer.parseInt(head.substring(9, 12));
        }

        /** A header's value by case-insensitive name, or null. */
        String header(String name) {
            return headers().get(name.toLowerCase(Locale.ROOT));
        }

        Map<String, String> headers() {
            Map<String, String> headers = new LinkedHashMap<>();
            String[] lines = head.split("\r\n");
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
                }
            }
            return headers;
        }

        /** The whole answer as it came over the wire. */
        String raw() {
            return head + body;
        }

        @Override
        public String toString() {
            return raw();
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static RawConnection to(InetSocketAddress address) throws IOException {
        return new RawConnection(new Socket(address.getAddress(), address.getPort()));
    }

    /** A connection from {@code local} (any address of 127.0.0.0/8 is this host's, on Linux). */
    static RawConnection from(java.net.InetAddress local, InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(local, 0));
        socket.connect(address, READ_TIMEOUT_MILLIS);
        return new RawConnection(socket);
    }

    static RawConnection tls(InetSocketAddress address, SSLContext tls) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(address.getAddress(), address.getPort());
        socket.startHandshake();
        return new RawConnection(socket);
    }

    /** A POST of a JSON body, HTTP/1.1, keep-alive (the default). */
    static String post(String path, String json, String... extraHeaders) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + headers(extraHeaders) + "Content-Length: " + body.length + "\r\n\r\n" + json;
    }

    /** A GET, HTTP/1.1, keep-alive (the default). */
    static String get(String path, String... extraHeaders) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers(extraHeaders) + "\r\n";
    }

    private static String headers(String... lines) {
        StringBuilder headers = new StringBuilder();
        for (String line : lines) {
            headers.append(line).append("\r\n");
        }
        return headers.toString();
    }

    /** Writes the text (ASCII and JSON only) in one write call. */
    RawConnection write(String requests) throws IOException {
        return write(requests.getBytes(StandardCharsets.UTF_8));
    }

    RawConnection write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads one Content-Length framed answer. */
    Response read() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int lastFour = 0;
        while (lastFour != 0x0D0A0D0A) { // CR LF CR LF ends the head
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head.size() + " bytes of an answer's head: "
                        + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            lastFour = (lastFour << 8) | b;
        }
        Response headOnly = new Response(head.toString(StandardCharsets.ISO_8859_1), "");
        String length = headOnly.header("content-length");
        byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
        return new Response(headOnly.head(), new String(body, StandardCharsets.UTF_8));
    }

    /**
     * Reads until the server closes the connection and returns what came before the close (empty
     * if nothing). A reset counts as a close. Fails (by the read timeout) if the server keeps it open.
     */
    String readUntilClosed() throws IOException {
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                rest.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // "Connection reset": closed with our unread bytes in its buffer, a close all the same
        }
        return rest.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
