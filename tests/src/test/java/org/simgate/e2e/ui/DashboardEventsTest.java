package org.simgate.e2e.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's files and event stream over real sockets, byte for byte as a browser gets them:
 * HTTP/1.1 chunks, each holding whole {@code data:} events of the slots.
 */
class DashboardEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static DashboardGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = DashboardGateway.start(3);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** One open {@code GET /ui/events}, read as a browser would: headers, then chunk by chunk. */
    private static final class Page implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final String head;

        Page() throws IOException {
            socket = new Socket("127.0.0.1", gateway.gateway().managementAddress().getPort());
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /ui/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in = socket.getInputStream();
            StringBuilder headers = new StringBuilder();
            String line;
            while (!(line = line()).isEmpty()) {
                headers.append(line).append('\n');
            }
            head = headers.toString();
        }

        String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("the stream ended");
                }
                line.write(b);
            }
            String text = line.toString(StandardCharsets.UTF_8);
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }

        /** The next chunk's bytes, as text. */
        String chunk() throws IOException {
            int size = Integer.parseInt(line(), 16);
            byte[] data = in.readNBytes(size);
            assertEquals(size, data.length);
            assertEquals("", line(), "a chunk ends with CRLF");
            return new String(data, StandardCharsets.UTF_8);
        }

        /** The next snapshot event's JSON. */
        JsonNode snapshot() throws IOException {
            String event = chunk();
            if (event.startsWith("retry:")) {
                event = chunk();
            }
            assertTrue(event.startsWith("data: ") && event.endsWith("\n\n"), event);
            return JSON.readTree(event.substring(6));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void aPageGetsTheStreamChunkedWithEverySlotAtOnceAndThenEverySecond() throws Exception {
        try (Page page = new Page()) {
            assertTrue(page.head.startsWith("HTTP/1.1 200 OK"), page.head);
            assertTrue(page.head.toLowerCase().contains("content-type: text/event-stream; charset=utf-8"), page.head);
            assertTrue(page.head.toLowerCase().contains("transfer-encoding: chunked"), page.head);
            assertEquals("retry: 1000\n\n", page.chunk());
            JsonNode first = page.snapshot();
            assertEquals(3, first.get("slots").size());
            assertEquals("sim C", first.get("slots").get(2).get("name").asText());
            assertEquals("present", first.get("slots").get(0).get("state").asText());
            assertEquals(60, first.get("slots").get(0).get("trend_ms").size());

            assertEquals(3, page.snapshot().get("slots").size(), "the next, unasked");
        }
    }

    @Test
    void aStateChangeIsSentWithoutWaitingForTheSecond() throws Exception {
        try (Page page = new Page()) {
            page.snapshot();
            gateway.card(1).setInserted(false);
            try {
                assertEquals(410, gateway.authenticate(1));
                JsonNode changed = page.snapshot();
                while (!changed.get("slots").get(1).get("state").asText().equals("no_card")) {
                    changed = page.snapshot(); // the ticker may have sent one as the request ran
                }
                assertEquals("no_card", changed.get("slots").get(1).get("last_outcome").asText());
            } finally {
                gateway.card(1).setInserted(true);
            }
            assertEquals(200, gateway.authenticate(1));
        }
    }

    @Test
    void manyPagesAtOnceAllGetTheirSnapshotsAndTheListenerStillAnswers() throws Exception {
        List<Page> pages = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                pages.add(new Page());
            }
            for (Page page : pages) {
                assertEquals(3, page.snapshot().get("slots").size());
            }
            for (Page page : pages) {
                assertEquals(3, page.snapshot().get("slots").size(), "every page keeps getting them");
            }
            assertEquals(200, gateway.get(gateway.management("/health")).statusCode());
        } finally {
            for (Page page : pages) {
                page.close();
            }
        }
        assertEquals(200, gateway.get(gateway.management("/ready")).statusCode());
    }

    @Test
    void theIdentityOnTheStreamIsMasked() throws Exception {
        assertEquals(200, gateway.get(gateway.management("/health")).statusCode());
        java.net.http.HttpResponse<String> reread = gateway.send(gateway.management("/admin/v1/slots/0/reread"));
        assertEquals(200, reread.statusCode(), reread.body());
        try (Page page = new Page()) {
            String raw = page.snapshot().toString();
            assertTrue(raw.contains("\"imsi\":\"00101********01\""), raw);
            assertTrue(raw.contains("\"iccid\":\"898821***********11\""), raw);
            assertFalse(raw.contains(DashboardGateway.IMSI) || raw.contains(DashboardGateway.ICCID));
        }
    }

    @Test
    @Timeout(30) // a stream that held the gateway's stop up would hang here
    void aGatewayStopsWithPagesOpenAndTheirStreamsEnd() throws Exception {
        DashboardGateway own = DashboardGateway.start(1);
        try (Socket socket = new Socket("127.0.0.1", own.gateway().managementAddress().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /ui/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertTrue(new String(in.readNBytes(15), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
            own.close();
            byte[] rest = in.readAllBytes(); // returns once the gateway has closed the connection
            assertTrue(new String(rest, StandardCharsets.UTF_8).contains("data: {"), "it had its snapshot");
        }
    }

    @Test
    void thePageFilesAndTheirTypes() {
        HttpResponse<String> redirect = gateway.get(gateway.management("/ui"));
        assertEquals(301, redirect.statusCode());
        assertEquals("ui/", redirect.headers().firstValue("location").orElse(null));
        HttpResponse<String> page = gateway.get(gateway.management("/ui/"));
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElse(null));
        assertEquals("text/javascript; charset=utf-8",
                gateway.get(gateway.management("/ui/app.js")).headers().firstValue("content-type").orElse(null));
        assertEquals("text/css; charset=utf-8",
                gateway.get(gateway.management("/ui/style.css")).headers().firstValue("content-type").orElse(null));
        assertEquals(404, gateway.get(gateway.management("/ui/missing.js")).statusCode());
    }
}
