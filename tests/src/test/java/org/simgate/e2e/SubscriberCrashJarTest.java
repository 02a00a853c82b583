package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigUtil;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AuthenticationVector;

/**
 * {@code kill -9} of a gateway that serves subscribers under load never lets a card accept a replay:
 * every challenge a client got a successful answer for is a replay to the next gateway on the same
 * SQN journal. The gateway is {@code java -jar simgate.jar} in a process of its own, killed with
 * SIGKILL while 16 connections have requests in flight, its journal on a disk made slow (each batch's
 * fsync 200 ms late), so that answers a farm let out before their record was written would be lost.
 */
class SubscriberCrashJarTest {
    static final int SUBSCRIBERS = 1000;
    static final int CONNECTIONS = 16;
    static final int PIPELINED = 8;
    /** Successful answers to wait for before the kill. */
    static final int ANSWERED_BEFORE_KILL = 600;

    @TempDir
    Path dir;

    static String imsi(int index) {
        return String.format("0010100%08d", 1000 + index);
    }

    private String settings(Path csv) {
        return "simgate.subscribers { file = " + ConfigUtil.quoteString(csv.toString()) + ", state-file = "
                + ConfigUtil.quoteString(dir.resolve("var/subscribers.sqn").toString()) + ", queue-size = 64 }\n";
    }

    @Test
    void noAnsweredChallengeIsAcceptedAgainAfterSigkill() throws Exception {
        StringBuilder rows = new StringBuilder("imsi,k,opc\n");
        for (int i = 0; i < SUBSCRIBERS; i++) {
            rows.append(imsi(i)).append(',').append(TestCard.SET_1.k()).append(',').append(TestCard.SET_1.opc()).append('\n');
        }
        Path csv = dir.resolve("subscribers.csv");
        Files.writeString(csv, rows);
        Path config = dir.resolve("simgate.conf");
        Files.writeString(config, "simgate {\n http.port = 0\n https.enabled = false\n line.port = 0\n"
                + " management.port = 0\n}\n" + settings(csv));
        // a slow disk: records wait 200 ms for their fsync, so the kill finds some waiting (see SqnJournal)
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dsimgate.test.sqn-journal-force-delay-ms=200", "-jar", GatewayJarTest.jar().toString(), "-c", config.toString())
                .directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        GatewayJarTest.Log log = new GatewayJarTest.Log();
        log.follow(process);
        ConcurrentLinkedQueue<AuthenticationVector> answered = new ConcurrentLinkedQueue<>();
        AtomicInteger sent = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        // kill -9 the moment a client holds its ANSWERED_BEFORE_KILL-th answer, while others are in flight
        java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable kill = () -> {
            if (killed.compareAndSet(false, true)) {
                process.toHandle().destroyForcibly();
            }
        };
        try {
            assertTrue(log.ready.await(60, TimeUnit.SECONDS), "simgate did not start:\n" + log.text());
            InetSocketAddress http = new InetSocketAddress(InetAddress.getLoopbackAddress(), log.httpPort);
            for (int c = 0; c < CONNECTIONS; c++) {
                int connection = c;
                Thread client = new Thread(() -> load(http, connection, answered, sent, kill), "crash-client-" + c);
                client.start();
                clients.add(client);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!killed.get() && System.nanoTime() < deadline && process.isAlive()) {
                Thread.sleep(5);
            }
            assertTrue(killed.get(), "only " + answered.size() + " answers:\n" + log.text());
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, process.exitValue(), "killed by SIGKILL");
        } finally {
            process.destroyForcibly();
            for (Thread client : clients) {
                client.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
        // the journal as the kill left it: every answered SQN must be in it (IMSI IND SEQ CRC lines)
        java.util.Map<String, Long> journal = new java.util.HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("var/subscribers.sqn"))) {
            String[] f = line.split(" ");
            if (f.length == 4) {
                journal.merge(f[0] + "/" + f[1], Long.parseLong(f[2], 16), Math::max);
            }
        }
        long missing = answered.stream().filter(v -> journal.getOrDefault(imsiOf(v) + "/1", 0L) < (v.sqn() >>> 5)).count();
        System.out.println("SubscriberCrashJarTest: " + sent.get() + " sent, " + answered.size()
                + " answered successfully before SIGKILL, " + missing + " of them not in the journal");
        assertEquals(0, missing, "answers left before their SQN was in the journal");

        try (RunningGateway next = RunningGateway.start(dir.resolve("next"), settings(csv))) {
            Http client = next.client();
            int replays = 0;
            for (AuthenticationVector v : answered) {
                String imsi = imsiOf(v);
                Http.Response replay = client.post(next.http("/sim-auth-api/v1/imsi/" + imsi), SimAuthApiTest.body(v));
                assertTrue(replay.body().startsWith("{\"synchronisation_failure\""),
                        "subscriber " + imsi + " accepted SQN " + Long.toHexString(v.sqn()) + " again after the kill: "
                                + replay);
                replays++;
            }
            assertEquals(answered.size(), replays);
        }
    }

    /** Which subscriber a challenge was for: the tests keep it in the vector's SQN (SEQ = round, IND = 1) and RAND. */
    private static String imsiOf(AuthenticationVector v) {
        return imsi(((v.rand()[0] & 0xff) << 8 | (v.rand()[1] & 0xff)));
    }

    /**
     * One connection's load until the gateway dies: batches of {@link #PIPELINED} challenges, each for
     * another of this connection's subscribers (connection c has c, c+16, …), SEQ one higher per round.
     * A successful answer is remembered with its challenge; the one that makes ANSWERED_BEFORE_KILL
     * runs {@code kill} at once, so its record, if the gateway let it out before writing it, is lost.
     */
    private static void load(InetSocketAddress http, int connection, ConcurrentLinkedQueue<AuthenticationVector> answered,
                             AtomicInteger sent, Runnable kill) {
        int perConnection = SUBSCRIBERS / CONNECTIONS;
        try (RawConnection raw = RawConnection.to(http)) {
            for (int batch = 0; ; batch++) {
                List<AuthenticationVector> challenges = new ArrayList<>();
                StringBuilder requests = new StringBuilder();
                for (int i = 0; i < PIPELINED; i++) {
                    int n = batch * PIPELINED + i;
                    int index = connection + CONNECTIONS * (n % perConnection);
                    long seq = n / perConnection + 1;
                    AuthenticationVector v = challenge(index, TestCard.sqn(seq, 1));
                    challenges.add(v);
                    requests.append(RawConnection.post("/sim-auth-api/v1/imsi/" + imsi(index), SimAuthApiTest.body(v)));
                }
                raw.write(requests.toString());
                sent.addAndGet(PIPELINED);
                for (AuthenticationVector v : challenges) {
                    String body = raw.read().body();
                    if (body.equals(SimAuthApiTest.success(v))) {
                        answered.add(v);
                        if (answered.size() >= ANSWERED_BEFORE_KILL) {
                            kill.run();
                        }
                    } else {
                        throw new AssertionError("not a success before the kill: " + body);
                    }
                }
            }
        } catch (IOException e) {
            // the gateway was killed
        }
    }

    /** A challenge whose RAND starts with the subscriber's index (two bytes), so the replay finds its IMSI. */
    private static AuthenticationVector challenge(int index, long sqn) {
        byte[] rand = new byte[16];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(rand);
        rand[0] = (byte) (index >>> 8);
        rand[1] = (byte) index;
        return TestCard.SET_1.network().generate(rand, sqn, TestCard.AMF);
    }
}
