package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigUtil;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AuthenticationVector;
import org.simgate.transport.Hex;

/**
 * The real thing: {@code java -jar gateway/target/simgate.jar -c FILE} as a process of its own
 * (the jar is built in the gateway module's package phase, before this module's tests), stopped
 * with SIGTERM while requests are in flight.
 */
public class GatewayJarTest {
    static final int PIPELINED = 32;
    static final Pattern HTTP_PORT = Pattern.compile("HTTP  listening on http://127\\.0\\.0\\.1:(\\d+)");

    /** The gateway's jar, as the gateway module's package phase built it. */
    public static Path jar() {
        String configured = System.getProperty("simgate.jar");
        Path jar = configured != null ? Path.of(configured)
                : Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("../gateway/target/simgate.jar");
        assertTrue(Files.isRegularFile(jar), jar + " is missing: build it with mvn package (mvn verify does)");
        return jar.normalize();
    }

    /** The gateway's log (stderr), line by line as it comes, and the port it reports. */
    public static final class Log {
        final List<String> lines = new ArrayList<>();
        public final CountDownLatch ready = new CountDownLatch(1);
        public volatile int httpPort;
        private Thread reader;

        public void follow(Process process) {
            reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        synchronized (lines) {
                            lines.add(line);
                        }
                        Matcher port = HTTP_PORT.matcher(line);
                        if (port.find()) {
                            httpPort = Integer.parseInt(port.group(1));
                        }
                        if (line.endsWith("simgate ready")) {
                            ready.countDown();
                        }
                    }
                } catch (java.io.IOException e) {
                    // the process ended
                }
            }, "simgate-jar-log");
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits until the process has closed its stderr: every line it wrote is in. */
        public void awaitEnd() throws InterruptedException {
            reader.join(TimeUnit.SECONDS.toMillis(10));
        }

        public String text() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }
    }

    @Test
    void sigtermLetsRequestsInFlightBeAnsweredFlushesTheCardsAndExitsZero(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("simgate.conf");
        Files.writeString(config, "simgate {\n"
                + " http.port = 0\n https.port = 0\n line.port = 0\n management.port = 0\n"
                + " https.self-signed-dir = " + ConfigUtil.quoteString(dir.resolve("tls").toString()) + "\n"
                + " slot-defaults.queue-size = 1024\n"
                + "}\n"
                + slots(dir));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar().toString(), "-c", config.toString())
                .directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Log log = new Log();
        log.follow(process);
        try {
            assertTrue(log.ready.await(60, TimeUnit.SECONDS), "simgate did not start:\n" + log.text());
            InetSocketAddress http = new InetSocketAddress(InetAddress.getLoopbackAddress(), log.httpPort);

            // four keep-alive connections, two per slot, each with its own IND and 32 pipelined challenges
            List<RawConnection> connections = new ArrayList<>();
            List<List<AuthenticationVector>> sent = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int slot = c % 2;
                TestCard card = slot == 0 ? TestCard.SET_1 : TestCard.SET_2;
                int ind = 1 + c / 2;
                List<AuthenticationVector> challenges = new ArrayList<>();
                StringBuilder requests = new StringBuilder();
                for (int seq = 1; seq <= PIPELINED; seq++) {
                    AuthenticationVector v = card.challenge(TestCard.sqn(seq, ind));
                    challenges.add(v);
                    requests.append(RawConnection.post("/sim-auth-api/v1/slot/" + slot, SimAuthApiTest.body(v)));
                }
                RawConnection connection = RawConnection.to(http);
                connection.write(requests.toString());
                connections.add(connection);
                sent.add(challenges);
            }
            // the first answer on a connection means the server has read its requests: they are in flight
            List<List<String>> answers = new ArrayList<>();
            for (RawConnection connection : connections) {
                List<String> bodies = new ArrayList<>();
                bodies.add(connection.read().body());
                answers.add(bodies);
            }

            // SIGTERM (through the handle: Process.destroy() would also close our end of its stderr)
            assertTrue(process.toHandle().destroy());

            for (int c = 0; c < 4; c++) {
                while (answers.get(c).size() < PIPELINED) {
                    try {
                        answers.get(c).add(connections.get(c).read().body());
                    } catch (java.io.IOException e) {
                        log.awaitEnd();
                        throw new AssertionError("connection " + c + " closed after " + answers.get(c).size() + " answers: "
                                + e.getMessage() + "\n" + log.text(), e);
                    }
                }
                for (int i = 0; i < PIPELINED; i++) {
                    assertEquals(SimAuthApiTest.success(sent.get(c).get(i)), answers.get(c).get(i),
                            "connection " + c + ", request " + i);
                }
                assertEquals("", connections.get(c).readUntilClosed(), "closed once answered");
                connections.get(c).close();
            }
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "simgate did not stop:\n" + log.text());
            log.awaitEnd();
            assertEquals(0, process.exitValue(), log.text());
            assertTrue(log.text().contains("stopping: finishing requests in flight"), log.text());
            assertTrue(log.text().endsWith("stopped"), log.text());
        } finally {
            process.destroyForcibly();
        }

        // every accepted SQN reached the state files: a new gateway on them refuses each last challenge
        try (RunningGateway next = RunningGateway.start(dir.resolve("next"), slots(dir))) {
            AuthenticationVector last = TestCard.SET_1.challenge(TestCard.sqn(PIPELINED, 1));
            String auts = next.client().post(next.http("/sim-auth-api/v1/slot/0"), SimAuthApiTest.body(last))
                    .json().path("synchronisation_failure").path("auts").asText();
            assertEquals(TestCard.sqn(PIPELINED, 2), TestCard.SET_1.network().resynchronise(last.rand(), Hex.decode(auts)),
                    "SQN_MS is the highest SQN slot 0 accepted");
            AuthenticationVector last1 = TestCard.SET_2.challenge(TestCard.sqn(PIPELINED, 2));
            assertTrue(next.client().post(next.http("/sim-auth-api/v1/slot/1"), SimAuthApiTest.body(last1)).body()
                    .startsWith("{\"synchronisation_failure\""));
        }
    }

    static String slots(Path dir) {
        return RunningGateway.slots(
                TestCard.SET_1.inSlot(0, "", "state-file = " + ConfigUtil.quoteString(dir.resolve("slot0.sqn").toString())),
                TestCard.SET_2.inSlot(1, "", "state-file = " + ConfigUtil.quoteString(dir.resolve("slot1.sqn").toString())));
    }
}
