package org.simgate.e2e.security.hosts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.e2e.GatewayJarTest;
import org.simgate.e2e.security.line.AuthGateway;
import org.slf4j.LoggerFactory;

/**
 * A connecting vpcd relay's {@code auth { key-id, secret-env }}, end to end: a test cannot set its
 * own JVM's environment, so simgate runs as {@code java -jar simgate.jar} with the secret in its
 * environment, and its relay connects to a listening relay in this JVM that requires auth. The
 * listening side lets in the AUTH frame signed with the right secret, and closes on a wrong one.
 */
@Timeout(90)
class RelaySecretFromEnvironmentTest {
    private static final String VARIABLE = "SIMGATE_TEST_RELAY_SECRET";

    @TempDir
    Path dir;
    AuthGateway listening;
    Process child;
    final List<String> childLog = new ArrayList<>();
    final ListAppender<ILoggingEvent> events = new ListAppender<>();
    final List<Logger> watched = new ArrayList<>();

    @BeforeEach
    void listen() throws Exception {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        events.setContext(logging);
        events.start();
        for (String name : List.of("simgate.audit", "org.simgate.protocol.vpcd.RelayGate")) {
            Logger logger = logging.getLogger(name);
            logger.setLevel(Level.INFO); // the tests' root logs WARN and above only
            logger.setAdditive(false);
            logger.addAppender(events);
            watched.add(logger);
        }
        listening = AuthGateway.start(dir.resolve("listening"), Instant.now(),
                "simgate.vpcd-relay = [ { slot = 0, listen = \"127.0.0.1:0\" } ]");
    }

    @AfterEach
    void stop() throws Exception {
        if (child != null) {
            child.destroy();
            if (!child.waitFor(20, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
        listening.close();
        for (Logger logger : watched) {
            logger.detachAppender(events);
            logger.setLevel(null);
            logger.setAdditive(true);
        }
    }

    @Test
    void theRightSecretInTheEnvironmentIsLetIn() throws Exception {
        relayWithSecret(AuthGateway.secret(AuthGateway.RELAY));

        String admitted = await(line -> line.contains("protocol=vpcd") && line.contains("operation=relay"));
        assertTrue(admitted.contains("client=relay-a slot=0 operation=relay outcome=ok"), admitted);
        awaitChild("vpcd relay: slot 0 is a card for vpcd at 127.0.0.1:");
        assertFalse(logged().contains("AUTH frame refused"), logged());
    }

    @Test
    void aWrongSecretInTheEnvironmentIsRefused() throws Exception {
        relayWithSecret(AuthGateway.secret(AuthGateway.LAB));

        String refused = await(line -> line.contains("closing the connection from"));
        assertTrue(refused.endsWith("AUTH frame refused: BAD_SIGNATURE"), refused);
        String audit = await(line -> line.contains("protocol=vpcd"));
        assertTrue(audit.contains("operation=relay outcome=unauthenticated"), audit);
        assertFalse(logged().contains("outcome=ok"), logged());
    }

    /** simgate as a child process whose slot 0 relays to the listening relay, signing with $VARIABLE. */
    private void relayWithSecret(byte[] secret) throws Exception {
        int port = listening.gateway().vpcdListeners().get(0).getPort();
        Path config = dir.resolve("relaying.conf");
        Files.writeString(config, """
                simgate {
                  http.port = 0
                  https.enabled = false
                  line.enabled = false
                  management.enabled = false
                  reload.watch-file = false
                  slots = [ { id = 0, transport = simcard, allow-apdu = true, simcard {
                      imsi = "001010000000001", iccid = "8988211000000000011",
                      k = "465b5ce8b199b49faa5f0a2ee238a6bc", opc = "cd63cb71954a9f4e48a5994e37a02baf" } } ]
                  vpcd-relay = [ { slot = 0, connect = "127.0.0.1:%d", retry = 200ms,
                                   auth { key-id = relay-1, secret-env = %s } } ]
                }
                """.formatted(port, VARIABLE));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", GatewayJarTest.jar().toString(), "-c", config.toString())
                .directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put(VARIABLE, Base64.getEncoder().encodeToString(secret));
        child = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (childLog) {
                        childLog.add(line);
                    }
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        }, "relaying-simgate-log");
        reader.setDaemon(true);
        reader.start();
    }

    /** The first line this JVM's relay and audit loggers wrote that matches, within 30 s. */
    private String await(Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            for (ILoggingEvent event : List.copyOf(events.list)) {
                if (wanted.test(event.getFormattedMessage())) {
                    return event.getFormattedMessage();
                }
            }
            assertTrue(System.nanoTime() < deadline && child.isAlive(),
                    () -> "not logged here:\n" + logged() + "\nchild:\n" + childText());
            Thread.sleep(50);
        }
    }

    private void awaitChild(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!childText().contains(text)) {
            assertTrue(System.nanoTime() < deadline, () -> "the child logged no '" + text + "':\n" + childText());
            Thread.sleep(50);
        }
    }

    private String logged() {
        return String.join("\n", List.copyOf(events.list).stream().map(ILoggingEvent::getFormattedMessage).toList());
    }

    private String childText() {
        synchronized (childLog) {
            return String.join("\n", childLog);
        }
    }
}
