package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slowloris over real sockets: a client that sends its request one header byte a second is closed
 * at the request read deadline (2 s here), answered 408, while a normal client's requests keep
 * being served; so is a client that opens a TLS connection and never says a word. The test waits
 * for the close with a generous bound, never for a time.
 */
class SlowClientsTest {
    private static final long CLOSE_BOUND_SECONDS = 90;

    @TempDir
    static Path dir;
    static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(dir, "simgate.rest.request-read-timeout = 2s\n"
                + "simgate.management.request-read-timeout = 2s\n"
                + RunningGateway.slots(TestCard.SET_1.inSlot(0, "", "")));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** What the slow client read until the close; how many bytes of its request it got out before. */
    record Trickled(String answer, int sent) {
    }

    /**
     * Sends {@code request} one byte a second from another thread, and reads until the server
     * closes. The request is long enough (a padding header) to take minutes at that pace.
     */
    private static CompletableFuture<Trickled> trickle(InetSocketAddress to, String request) throws IOException {
        Socket socket = new Socket(to.getAddress(), to.getPort());
        socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(CLOSE_BOUND_SECONDS));
        AtomicInteger sent = new AtomicInteger();
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                for (byte b : request.getBytes(StandardCharsets.US_ASCII)) {
                    out.write(b);
                    out.flush();
                    sent.incrementAndGet();
                    Thread.sleep(1000);
                }
            } catch (IOException | InterruptedException closed) {
                // the server closed the connection: that is the point
            }
        }, "slowloris");
        writer.setDaemon(true);
        writer.start();
        return CompletableFuture.supplyAsync(() -> {
            try (socket) {
                InputStream in = socket.getInputStream();
                StringBuilder answer = new StringBuilder();
                byte[] buffer = new byte[4096];
                try {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    }
                } catch (SocketException reset) {
                    // closed with our unsent bytes in flight: a close all the same
                }
                writer.interrupt();
                return new Trickled(answer.toString(), sent.get());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static String slowRequest() {
        return "GET /?type=imsi HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "a".repeat(300) + "\r\n\r\n";
    }

    private static double refusals(String listener) {
        Matcher m = Pattern.compile("^simgate_listener_refusals_total\\{listener=\"" + listener
                + "\",reason=\"request_timeout\"\\} (\\S+)$", Pattern.MULTILINE).matcher(gateway.gateway().scrapeMetrics());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void aRequestTrickledAByteASecondIsClosedAtTheDeadlineWhileANormalClientIsServed() throws Exception {
        double before = refusals("http");
        CompletableFuture<Trickled> slow = trickle(gateway.httpAddress(), slowRequest());
        int served = 0;
        try (RawConnection normal = gateway.connectHttp()) {
            while (!slow.isDone()) {
                RawConnection.Response answer = normal.write(RawConnection.get("/?type=imsi")).read();
                assertEquals(200, answer.status());
                served++;
                Thread.sleep(100);
            }
            assertEquals(200, normal.write(RawConnection.get("/?type=imsi")).read().status(), "and after it");
        }
        Trickled trickled = slow.get(CLOSE_BOUND_SECONDS, TimeUnit.SECONDS);
        assertTrue(trickled.sent() < slowRequest().length(), "closed before the slow request was whole: "
                + trickled.sent() + " bytes sent");
        assertTrue(trickled.answer().startsWith("HTTP/1.1 408 Request Timeout\r\n"), trickled.answer());
        assertTrue(trickled.answer().endsWith("{\"error\":{\"message\":\"the request did not arrive whole within "
                + "2000 ms\"}}"), trickled.answer());
        assertTrue(served > 0);
        assertTrue(refusals("http") >= before + 1);
    }

    @Test
    void theManagementListenerClosesASlowRequestToo() throws Exception {
        Trickled trickled = trickle(gateway.gateway().managementAddress(),
                "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "a".repeat(300) + "\r\n\r\n")
                .get(CLOSE_BOUND_SECONDS, TimeUnit.SECONDS);
        assertTrue(trickled.answer().startsWith("HTTP/1.1 408 Request Timeout\r\n"), trickled.answer());
        try (RawConnection management = RawConnection.to(gateway.gateway().managementAddress())) {
            assertEquals(200, management.write(RawConnection.get("/health")).read().status());
        }
    }

    /** A TCP connection to the HTTPS port that never starts its handshake: closed, unanswered. */
    @Test
    void aTlsConnectionThatNeverHandshakesIsClosed() throws Exception {
        InetSocketAddress https = gateway.httpsAddress();
        try (Socket silent = new Socket(https.getAddress(), https.getPort())) {
            silent.setSoTimeout((int) TimeUnit.SECONDS.toMillis(CLOSE_BOUND_SECONDS));
            int read;
            try {
                read = silent.getInputStream().read();
            } catch (SocketException reset) {
                read = -1;
            }
            assertEquals(-1, read, "closed without a byte");
        }
        try (RawConnection client = gateway.connectHttps()) {
            assertEquals(200, client.write(RawConnection.get("/health")).read().status());
        }
    }
}
