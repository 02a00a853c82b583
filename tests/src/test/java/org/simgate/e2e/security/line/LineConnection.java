package org.simgate.e2e.security.line;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** A line-protocol client over a real socket, plain or TLS: send text, read answers up to {@code @@}. */
final class LineConnection implements Closeable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private LineConnection(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(5_000);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    static LineConnection to(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, 5_000);
        return new LineConnection(socket);
    }

    static LineConnection tls(InetSocketAddress address, SSLContext context) throws IOException {
        Socket plain = new Socket();
        plain.connect(address, 5_000);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", address.getPort(), true);
        socket.startHandshake();
        return new LineConnection(socket);
    }

    LineConnection send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /** Lines up to and including the first {@code @@}. */
    String answer() throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            answer.write(b);
            String text = answer.toString(StandardCharsets.UTF_8);
            if (b == '\n' && text.endsWith("@@\n")) {
                return text;
            }
        }
        throw new IOException("connection closed after: " + answer.toString(StandardCharsets.UTF_8));
    }

    String ask(String text) throws IOException {
        return send(text).answer();
    }

    /** The AUTH line, then its answer. */
    String auth(String line) throws IOException {
        return ask(line + "\n");
    }

    /** One request: the reader line, the commands, the empty line. */
    String request(String reader, String... commands) throws IOException {
        StringBuilder text = new StringBuilder(">").append(reader).append("|\n");
        for (String command : commands) {
            text.append('>').append(command).append("|\n");
        }
        return ask(text.append('\n').toString());
    }

    /** Whether the server closed the connection within the timeout (reading what is left). */
    boolean closedByServer() throws IOException {
        try {
            while (in.read() >= 0) {
                // drain
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
