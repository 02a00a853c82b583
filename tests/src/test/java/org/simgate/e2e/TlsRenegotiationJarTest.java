package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigUtil;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.transport.Hex;

/**
 * {@code java -jar simgate.jar} with every kind of TLS listener (HTTPS, management, line, a
 * listening vpcd relay): a TLS 1.2 client that asks for a second handshake on its connection
 * (JDK {@code SSLSocket.startHandshake()} again: a ClientHello after the first handshake) gets a
 * fatal alert and its connection ends, while the same exchange before it worked. On both TLS
 * engines: BoringSSL (the jar's default here) and the JDK's (its fallback, forced with
 * {@code -Dio.netty.handler.ssl.noOpenSsl=true}). A process of its own for each, as the JDK reads
 * its renegotiation setting once per process, at its first server handshake.
 */
class TlsRenegotiationJarTest {
    @Nested
    class OnBoringSsl extends Listeners {
        OnBoringSsl() {
            super("TLS: OpenSSL engine (BoringSSL");
        }
    }

    @Nested
    class OnTheJdksEngine extends Listeners {
        OnTheJdksEngine() {
            super("TLS: the JDK's engine", "-Dio.netty.handler.ssl.noOpenSsl=true");
        }
    }

    /** One gateway process on one engine, its log naming it, and the tests against its listeners. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Listeners {
        private final String engineLine;
        private final List<String> jvmOptions;
        Process process;
        GatewayJarTest.Log log;

        Listeners(String engineLine, String... jvmOptions) {
            this.engineLine = engineLine;
            this.jvmOptions = List.of(jvmOptions);
        }

        @BeforeAll
        void start(@TempDir Path dir) throws Exception {
            Path config = dir.resolve("simgate.conf");
            Files.writeString(config, "simgate {\n"
                    + " http.port = 0\n https.port = 0\n line.port = 0\n management.port = 0\n"
                    + " line.tls = true\n management.tls = true\n"
                    + " https.self-signed-dir = " + ConfigUtil.quoteString(dir.resolve("tls").toString()) + "\n"
                    + " vpcd-relay = [ { slot = 0, listen = \"127.0.0.1:0\", tls = true } ]\n"
                    + "}\n"
                    + RunningGateway.slots(TestCard.SET_1.inSlot(0, "allow-apdu = true", "")));
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", GatewayJarTest.jar().toString(), "-c", config.toString()));
            process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            log = new GatewayJarTest.Log();
            log.follow(process);
            assertTrue(log.ready.await(60, TimeUnit.SECONDS), "simgate did not start:\n" + log.text());
            assertTrue(log.text().contains(engineLine), "not on its engine:\n" + log.text());
        }

        @AfterAll
        void stop() throws Exception {
            process.toHandle().destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        private int port(String pattern) {
            Matcher m = Pattern.compile(pattern).matcher(log.text());
            assertTrue(m.find(), pattern + " not in the log:\n" + log.text());
            return Integer.parseInt(m.group(1));
        }

        /** A TLS 1.2-only connection, trusting the self-signed certificate, first handshake done. */
        private static SSLSocket tls12(int port) throws Exception {
            SSLContext context = SSLContext.getInstance("TLSv1.2");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setSoTimeout(30_000);
            socket.startHandshake();
            assertEquals("TLSv1.2", socket.getSession().getProtocol());
            return socket;
        }

        /** One exchange on the connection: what the server answered. */
        @FunctionalInterface
        interface Exchange {
            String run(InputStream in, OutputStream out) throws IOException;
        }

        private static void assertRenegotiationRefused(int port, Exchange exchange, String expected) throws Exception {
            try (SSLSocket socket = tls12(port)) {
                assertEquals(expected, exchange.run(socket.getInputStream(), socket.getOutputStream()), "before");
                // a second handshake; the JDK sends its ClientHello and returns, the server's answer comes with the next read
                socket.startHandshake();
                assertThrows(IOException.class, () -> {
                    String answer = exchange.run(socket.getInputStream(), socket.getOutputStream());
                    throw new AssertionError("served after a renegotiation: " + answer);
                });
            }
        }

        private static String health(InputStream in, OutputStream out) throws IOException {
            out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int lastFour = 0;
            while (lastFour != 0x0D0A0D0A) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed");
                }
                head.write(b);
                lastFour = (lastFour << 8) | b;
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            Matcher length = Pattern.compile("(?i)content-length: (\\d+)").matcher(text);
            in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
            return text.substring(0, text.indexOf("\r\n"));
        }

        @Test
        void theHttpsListenerRefusesClientRenegotiation() throws Exception {
            assertRenegotiationRefused(port("HTTPS listening on https://127\\.0\\.0\\.1:(\\d+)"),
                    Listeners::health, "HTTP/1.1 200 OK");
        }

        @Test
        void theManagementListenerRefusesClientRenegotiation() throws Exception {
            assertRenegotiationRefused(port("management listening on https://127\\.0\\.0\\.1:(\\d+)"),
                    Listeners::health, "HTTP/1.1 200 OK");
        }

        @Test
        void theLineListenerRefusesClientRenegotiation() throws Exception {
            assertRenegotiationRefused(port("line  listening on 127\\.0\\.0\\.1:(\\d+) \\(foxyproxy TCP protocol, TLS"),
                    (in, out) -> {
                        out.write(">*|\n>1:RESET|\n\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        StringBuilder answer = new StringBuilder();
                        while (!answer.toString().endsWith("@@\n")) {
                            int b = in.read();
                            if (b < 0) {
                                throw new IOException("closed");
                            }
                            answer.append((char) b);
                        }
                        return answer.toString();
                    }, ">1:" + TestCard.ATR.toUpperCase(java.util.Locale.ROOT) + "\n@@\n");
        }

        @Test
        void aListeningVpcdRelayRefusesClientRenegotiation() throws Exception {
            assertRenegotiationRefused(port("vpcd relay: slot 0 waits for vpcd \\(reversed mode\\) on 127\\.0\\.0\\.1:(\\d+), TLS"),
                    (in, out) -> {
                        out.write(new byte[] {0, 1, 4}); // get ATR
                        out.flush();
                        DataInputStream frames = new DataInputStream(in);
                        return Hex.upper(frames.readNBytes(frames.readUnsignedShort()));
                    }, TestCard.ATR.toUpperCase(java.util.Locale.ROOT));
        }

        /** A TLS 1.2 client that does not renegotiate keeps its connection for as many requests as it likes. */
        @Test
        void aTls12ClientThatDoesNotRenegotiateIsServedOnAndOn() throws Exception {
            try (SSLSocket socket = tls12(port("HTTPS listening on https://127\\.0\\.0\\.1:(\\d+)"))) {
                for (int i = 0; i < 3; i++) {
                    assertEquals("HTTP/1.1 200 OK", health(socket.getInputStream(), socket.getOutputStream()));
                }
            }
        }
    }
}
