package org.simgate.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Load for the line protocol: N connections, each a thread sending one request and reading its
 * answer (up to the {@code @@} line) as fast as the gateway answers, like APDUPlay does. Prints
 * requests per second and latency percentiles of the measured period (after a warm-up).
 *
 * <p>JDK only, so it also runs without a build: {@code java tests/src/main/java/org/simgate/bench/LineLoad.java
 * --connections 64}. Options: --host 127.0.0.1, --port 4001, --connections 1, --seconds 10,
 * --warmup 3, --reader "simgate slot 0", --apdu 00A4000C023F00 (SELECT MF, answered 9000),
 * --commands 1 (APDUs per request).
 */
public final class LineLoad {

    private record Options(String host, int port, int connections, int seconds, int warmup, String reader, String apdu,
                           int commands) {
        static Options parse(String[] args) {
            String host = "127.0.0.1";
            int port = 4001;
            int connections = 1;
            int seconds = 10;
            int warmup = 3;
            String reader = "simgate slot 0";
            String apdu = "00A4000C023F00";
            int commands = 1;
            for (int i = 0; i + 1 < args.length; i += 2) {
                String value = args[i + 1];
                switch (args[i]) {
                    case "--host" -> host = value;
                    case "--port" -> port = Integer.parseInt(value);
                    case "--connections" -> connections = Integer.parseInt(value);
                    case "--seconds" -> seconds = Integer.parseInt(value);
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--reader" -> reader = value;
                    case "--apdu" -> apdu = value;
                    case "--commands" -> commands = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(host, port, connections, seconds, warmup, reader, apdu, commands);
        }

        byte[] request() {
            StringBuilder request = new StringBuilder(">").append(reader).append("|\n");
            for (int i = 1; i <= commands; i++) {
                request.append('>').append(i).append(":APDU:").append(apdu).append("|\n");
            }
            return request.append('\n').toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** One connection's loop; latencies of the measured period in nanoseconds. */
    private static final class Client extends Thread {
        private final Options options;
        private final byte[] request;
        private final CountDownLatch connected;
        private final AtomicBoolean measuring;
        private final AtomicBoolean stop;
        long[] latencies = new long[1 << 16];
        int count;
        int errors;
        String firstAnswer;
        Exception failure;

        Client(Options options, CountDownLatch connected, AtomicBoolean measuring, AtomicBoolean stop) {
            super("line-load");
            setDaemon(true);
            this.options = options;
            this.request = options.request();
            this.connected = connected;
            this.measuring = measuring;
            this.stop = stop;
        }

        @Override
        public void run() {
            try (Socket socket = new Socket()) {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(options.host(), options.port()), 5_000);
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[8192];
                connected.countDown();
                while (!stop.get()) {
                    long start = System.nanoTime();
                    out.write(request);
                    String answer = readAnswer(in, buffer);
                    long took = System.nanoTime() - start;
                    if (firstAnswer == null) {
                        firstAnswer = answer;
                    }
                    if (answer.contains(":C0") || answer.startsWith(">ERR")) {
                        errors++;
                    }
                    if (measuring.get()) {
                        if (count == latencies.length) {
                            latencies = Arrays.copyOf(latencies, count * 2);
                        }
                        latencies[count++] = took;
                    }
                }
            } catch (Exception e) {
                failure = e;
                connected.countDown();
            }
        }

        /** Bytes up to and including the {@code @@\n} line; answers here are small and never split oddly. */
        private static String readAnswer(InputStream in, byte[] buffer) throws IOException {
            int length = 0;
            while (true) {
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    throw new IOException("the gateway closed the connection");
                }
                length += n;
                if (length >= 3 && buffer[length - 1] == '\n' && buffer[length - 2] == '@' && buffer[length - 3] == '@') {
                    return new String(buffer, 0, length, StandardCharsets.US_ASCII);
                }
                if (length == buffer.length) {
                    throw new IOException("answer longer than " + buffer.length + " bytes");
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        CountDownLatch connected = new CountDownLatch(options.connections());
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < options.connections(); i++) {
            Client client = new Client(options, connected, measuring, stop);
            clients.add(client);
            client.start();
        }
        connected.await();
        Thread.sleep(options.warmup() * 1000L);
        long start = System.nanoTime();
        measuring.set(true);
        Thread.sleep(options.seconds() * 1000L);
        measuring.set(false);
        long elapsed = System.nanoTime() - start;
        stop.set(true);
        for (Client client : clients) {
            client.join(35_000);
        }

        long[] all = new long[clients.stream().mapToInt(c -> c.count).sum()];
        int at = 0;
        int errors = 0;
        for (Client client : clients) {
            if (client.failure != null) {
                System.err.println("line-load: a connection failed: " + client.failure);
                System.exit(1);
            }
            System.arraycopy(client.latencies, 0, all, at, client.count);
            at += client.count;
            errors += client.errors;
        }
        Arrays.sort(all);
        System.out.printf("connections %d, %d APDU(s) per request, %.1f s measured after %d s warm-up%n",
                options.connections(), options.commands(), elapsed / 1e9, options.warmup());
        System.out.printf("requests/s %.0f   (%d requests, %d error answers)%n", all.length / (elapsed / 1e9), all.length,
                errors);
        System.out.printf("latency ms  p50 %.3f  p90 %.3f  p99 %.3f  max %.3f%n", percentile(all, 50), percentile(all, 90),
                percentile(all, 99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
        System.out.printf("first answer: %s%n", clients.get(0).firstAnswer == null ? "none"
                : clients.get(0).firstAnswer.replace("\n", "\\n"));
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }
}
