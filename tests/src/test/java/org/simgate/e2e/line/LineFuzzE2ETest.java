package org.simgate.e2e.line;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.simgate.gateway.Gateway;
import org.simgate.service.SlotStatus;

/**
 * Random, truncated and mangled input thrown at the port from several clients at once; afterwards
 * every slot still has its card, no connection is left counted, and good requests still work.
 * Every line the server wrote meanwhile was an answer line ({@code >…}) or {@code @@}.
 */
class LineFuzzE2ETest {
    private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
    private static final int CONNECTIONS = 300;
    private static final int CLIENTS = 6;
    private static final int MAX_PER_ADDRESS = 8;
    private static final String[] GOOD = {
        ">simgate slot 0|\n>1:APDU:00A4000C023F00|\n>2:IMSI|\n\n",
        ">Simona /111.222.123.033@07|\n>5:APDU:00A4040008A000000003000000|\n\n",
        ">*|\n>1:READERS:simona:0|\n>2:ENUM:1|\n\n",
        ">simgate slot 1|\r\n>a:RESET|\r\n>b:AUTH:00112233445566778899aabbccddeeff:3cbc31a43007800010f4e2e95de26b00|\r\n\r\n",
    };
    private static final String ALPHABET = ">>>>|||:::\n\n\r #*.()[]\\?+0123456789ABCDEFabcdef APDU AUTH RESET ENUM READERS IMSI"
            + " simgate slot 0 1 7 é\u0000\u00ff";

    private static Gateway gateway;

    @BeforeAll
    static void start() throws IOException {
        gateway = LineGateway.start("idle-timeout = 2s, max-line = 512, max-commands = 8, max-connections-per-address = "
                + MAX_PER_ADDRESS);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void garbageOnTheWireHurtsNoOneElse() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<String>> results = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            long seed = SEED + c;
            results.add(clients.submit(() -> fuzz(new Random(seed), CONNECTIONS / CLIENTS)));
        }
        for (Future<String> result : results) {
            String badLine = result.get();
            assertEquals(null, badLine, "seed " + SEED + ": the server wrote a line that is no answer");
        }
        clients.shutdown();

        for (SlotStatus slot : gateway.service().slots()) {
            assertEquals(SlotStatus.State.PRESENT, slot.state(), "seed " + SEED + ": " + slot.name());
        }
        // as many connections as one address may have, all at once: none is still counted from the fuzzing
        List<LineClient> open = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (open.size() < MAX_PER_ADDRESS) {
                LineClient client = new LineClient(gateway.lineAddress());
                String answer = client.ask(">simgate slot 0|\n>1:IMSI|\n\n");
                if (answer.startsWith(">ERR:") && System.nanoTime() < deadline) {
                    client.close(); // the server has not yet seen an aborted connection close
                    Thread.sleep(20);
                    continue;
                }
                assertEquals(">1:001010000000001\n@@\n", answer, "seed " + SEED);
                open.add(client);
            }
            LineClient first = open.get(0);
            first.send(">simgate slot 0|\n>1:APDU:00A4000C023F00|\n\n>simgate slot 1|\n>2:IMSI|\n\n");
            assertEquals(">1:9000\n@@\n", first.answer());
            assertEquals(">2:001010000000002\n@@\n", first.answer());
        } finally {
            for (LineClient client : open) {
                client.close();
            }
        }
    }

    /** Returns the first line the server wrote that is neither {@code >…} nor {@code @@}, or null. */
    private static String fuzz(Random random, int connections) throws IOException {
        for (int i = 0; i < connections; i++) {
            byte[] input = input(random);
            try (Socket socket = new Socket()) {
                socket.connect(gateway.lineAddress(), 5_000);
                socket.setSoTimeout(40);
                try {
                    int cut = random.nextInt(4);
                    int at = 0;
                    while (at < input.length) { // in random segments
                        int n = Math.min(input.length - at, 1 + random.nextInt(64));
                        socket.getOutputStream().write(input, at, n);
                        at += n;
                    }
                    switch (cut) {
                        case 0 -> socket.shutdownOutput();
                        case 1 -> socket.setSoLinger(true, 0); // close with RST
                        default -> { }
                    }
                } catch (IOException e) {
                    // the server may close first (line too long, too many connections): fine
                }
                String bad = checkAnswers(socket.getInputStream());
                if (bad != null) {
                    return bad;
                }
            }
        }
        return null;
    }

    private static byte[] input(Random random) {
        switch (random.nextInt(5)) {
            case 0 -> {
                byte[] bytes = new byte[random.nextInt(700)];
                random.nextBytes(bytes);
                return bytes;
            }
            case 1 -> {
                StringBuilder text = new StringBuilder();
                int length = random.nextInt(400);
                for (int j = 0; j < length; j++) {
                    text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                }
                return text.toString().getBytes(StandardCharsets.UTF_8);
            }
            case 2 -> {
                byte[] good = GOOD[random.nextInt(GOOD.length)].getBytes(StandardCharsets.UTF_8);
                return java.util.Arrays.copyOf(good, random.nextInt(good.length + 1));
            }
            case 3 -> {
                byte[] good = GOOD[random.nextInt(GOOD.length)].getBytes(StandardCharsets.UTF_8);
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    good[random.nextInt(good.length)] = (byte) random.nextInt(256);
                }
                return good;
            }
            default -> {
                String good = GOOD[random.nextInt(GOOD.length)];
                return (good + ">" + "A".repeat(random.nextInt(2000)) + "|\n" + good).getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    private static String checkAnswers(InputStream in) throws IOException {
        StringBuilder received = new StringBuilder();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (SocketTimeoutException e) {
            // nothing more for now
        } catch (IOException e) {
            // reset by the server after an error answer: what arrived still counts
        }
        String text = received.toString();
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return null;
        }
        for (String line : text.substring(0, end).split("\n", -1)) {
            if (!line.startsWith(">") && !line.equals("@@")) {
                return line;
            }
        }
        return null;
    }
}
