package org.simgate.e2e.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One plain TCP connection on which a test writes HTTP request bytes exactly as it wants them —
 * a header field twice, an absolute-form target, a header that does not parse — and reads the
 * answers back one at a time (by Content-Length). Optionally from another loopback address
 * (127.0.0.2 …), so that the gateway sees another peer.
 */
public final class RawHttp implements AutoCloseable {
    /** A read never waits longer than this: a test that hits it fails instead of hanging. */
    static final int READ_TIMEOUT_MILLIS = 20_000;

    /** One answer: status, header fields (names lower case, the last of each) and body. */
    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final Socket socket;
    private final InputStream in;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
    }

    public static RawHttp to(InetSocketAddress server) throws IOException {
        return new RawHttp(new Socket(server.getAddress(), server.getPort()));
    }

    /** A connection from {@code from} (e.g. 127.0.0.2: Linux answers all of 127/8 on loopback). */
    public static RawHttp from(InetAddress from, InetSocketAddress server) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(server, READ_TIMEOUT_MILLIS);
        return new RawHttp(socket);
    }

    /** A request's bytes: the request line, the header lines as given, Content-Length and the body (null: none). */
    public static String request(String method, String target, String host, Iterable<String> headerLines, String body) {
        StringBuilder text = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        if (host != null) {
            text.append("Host: ").append(host).append("\r\n");
        }
        for (String line : headerLines) {
            text.append(line).append("\r\n");
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            text.append("Content-Type: application/json\r\nContent-Length: ").append(bytes.length).append("\r\n");
        }
        return text.append("\r\n").append(body == null ? "" : body).toString();
    }

    public void write(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    public Response exchange(String text) throws IOException {
        write(text);
        return read();
    }

    /** The next answer on the connection. */
    public Response read() throws IOException {
        String head = head();
        String[] lines = head.split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        return new Response(Integer.parseInt(lines[0].substring(9, 12)), headers,
                new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    private String head() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Whether the server closed the connection (end of stream or reset) within the read timeout. */
    public boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
