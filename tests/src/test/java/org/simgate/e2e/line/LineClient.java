package org.simgate.e2e.line;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A client that speaks the line protocol the way APDUPlay does: send, then read lines until one holds @@. */
final class LineClient implements Closeable {
    final Socket socket = new Socket();
    private final InputStream in;
    private final OutputStream out;

    LineClient(InetSocketAddress address) throws IOException {
        socket.connect(address, 5_000);
        socket.setSoTimeout(5_000);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    LineClient send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /** Lines up to and including the first one that holds {@code @@}, as sent. */
    String answer() throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                answer.writeBytes(line.toByteArray());
                line.reset();
                if (text.contains("@@")) {
                    return answer.toString(StandardCharsets.UTF_8);
                }
            }
        }
        throw new IOException("connection closed after: " + answer.toString(StandardCharsets.UTF_8) + line);
    }

    String ask(String request) throws IOException {
        return send(request).answer();
    }

    /** Whether the server closed the connection within the socket's timeout (reading what is left). */
    boolean closedByServer() throws IOException {
        try {
            while (in.read() >= 0) {
                // drain
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
