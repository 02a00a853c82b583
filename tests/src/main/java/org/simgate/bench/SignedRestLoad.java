package org.simgate.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.simgate.security.keys.SharedKey;

/**
 * Load for the sim-auth REST API with signed requests, which wrk cannot make (an HMAC and a fresh
 * nonce per request): N keep-alive connections, each a thread sending one POST and reading its
 * answer, alternating slot 0 and slot 1 with the AUTNs of tests/load/sim-auth.lua. Each request is
 * signed (RFC 9421, hmac-sha256, created now, a new nonce) when a key is given, else sent unsigned,
 * so a run with and one without differ only in signing and verification. Prints requests per
 * second and latency percentiles of the measured period, after a warm-up.
 *
 * <p>With {@code --presign RATE} the requests are signed before the warm-up (created then, a unique
 * nonce each, enough for RATE requests a second through warm-up and run, plus a quarter), so that
 * in the measured period a signed request costs the generator what an unsigned one does: on a real
 * deployment clients sign on their own machines, and the run measures the gateway's verification
 * alone. The gateway's window must cover the pre-signing, the warm-up and the run. Should the
 * pre-signed requests run out, the rest are signed on the fly and counted in the output.
 *
 * <p>Runs from source with the jar on the class path: {@code java -cp gateway/target/simgate.jar
 * tests/src/main/java/org/simgate/bench/SignedRestLoad.java --connections 16 --key-id bench-1
 * --secret-env BENCH_SECRET}. Options: --host 127.0.0.1, --port 8000, --connections 1, --seconds 10,
 * --warmup 3, --key-id ID with --secret-env VAR (the secret as hex:… or base64 in that variable),
 * --presign RATE (requests a second to sign ahead for; 0, the default: sign each as it is sent),
 * --gateway-pid PID (also print the gateway's CPU time per request over the measured period, from
 * /proc/PID/stat).
 */
public final class SignedRestLoad {
    private static final String[] PATHS = {"/sim-auth-api/v1/slot/0", "/sim-auth-api/v1/slot/1"};
    private static final byte[][] BODIES = {
        "{\"rand\":\"00112233445566778899aabbccddeeff\",\"autn\":\"3cbc31a43007800010f4e2e95de26b00\"}"
                .getBytes(StandardCharsets.US_ASCII),
        "{\"rand\":\"00112233445566778899aabbccddeeff\",\"autn\":\"30327b67c3848000b4200fead1f1cd59\"}"
                .getBytes(StandardCharsets.US_ASCII),
    };

    private record Options(String host, int port, int connections, int seconds, int warmup, String keyId,
                           String secretEnv, int presignRate, long gatewayPid) {
        static Options parse(String[] args) {
            String host = "127.0.0.1";
            int port = 8000;
            int connections = 1;
            int seconds = 10;
            int warmup = 3;
            String keyId = null;
            String secretEnv = null;
            int presignRate = 0;
            long gatewayPid = 0;
            for (int i = 0; i + 1 < args.length; i += 2) {
                String value = args[i + 1];
                switch (args[i]) {
                    case "--host" -> host = value;
                    case "--port" -> port = Integer.parseInt(value);
                    case "--connections" -> connections = Integer.parseInt(value);
                    case "--seconds" -> seconds = Integer.parseInt(value);
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--key-id" -> keyId = value;
                    case "--secret-env" -> secretEnv = value;
                    case "--presign" -> presignRate = Integer.parseInt(value);
                    case "--gateway-pid" -> gatewayPid = Long.parseLong(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if ((keyId == null) != (secretEnv == null)) {
                throw new IllegalArgumentException("give --key-id and --secret-env together, or neither");
            }
            if (presignRate > 0 && keyId == null) {
                throw new IllegalArgumentException("--presign needs --key-id and --secret-env");
            }
            return new Options(host, port, connections, seconds, warmup, keyId, secretEnv, presignRate, gatewayPid);
        }

        SharedKey key() {
            if (keyId == null) {
                return null;
            }
            String text = System.getenv(secretEnv);
            if (text == null) {
                throw new IllegalArgumentException("environment variable " + secretEnv + " is not set");
            }
            byte[] secret = text.startsWith("hex:") ? HexFormat.of().parseHex(text.substring(4).strip())
                    : Base64.getDecoder().decode(text.strip());
            return new SharedKey(keyId, "bench", "bench", secret, null, false);
        }
    }

    /**
     * Signs as RequestSigner does (docs/security.md: @method, @target-uri, content-digest; created,
     * nonce, keyid, alg), built for a load generator: one Mac per connection, the body digests
     * computed once, nonces from a counter after a random prefix instead of a SecureRandom shared by
     * 256 threads. Otherwise the generator's own signing, on the same two cores, would be most of
     * what is measured. {@link #selfCheck} proves with simgate's verifier that it signs right.
     */
    static final class BenchSigner {
        private final String keyId;
        private final javax.crypto.Mac mac;
        private final String nonceStem;
        private final String[] digests = new String[BODIES.length];
        private long counter;

        BenchSigner(SharedKey key) {
            this.keyId = key.id();
            try {
                mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(key.secretKey());
                java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
                for (int i = 0; i < BODIES.length; i++) {
                    digests[i] = "sha-256=:" + Base64.getEncoder().encodeToString(sha256.digest(BODIES[i])) + ":";
                }
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            byte[] stem = new byte[9];
            new java.security.SecureRandom().nextBytes(stem);
            nonceStem = Base64.getUrlEncoder().withoutPadding().encodeToString(stem) + "-";
        }

        /** Content-Digest, Signature-Input and Signature for BODIES[body] POSTed to targetUri, created now. */
        Map<String, String> sign(String targetUri, int body) {
            String params = params(System.currentTimeMillis() / 1000, nextNonce());
            return Map.of("Content-Digest", digests[body], "Signature-Input", "sig1=" + params,
                    "Signature", "sig1=:" + signature(targetUri, body, params) + ":");
        }

        /**
         * A request signed ahead of time with the given created: its nonce followed by its signature
         * (44 base64 characters), ASCII, all that differs between two pre-signed requests.
         */
        byte[] presign(String targetUri, int body, long created) {
            String nonce = nextNonce();
            String signature = signature(targetUri, body, params(created, nonce));
            return (nonce + signature).getBytes(StandardCharsets.US_ASCII);
        }

        String digest(int body) {
            return digests[body];
        }

        String keyId() {
            return keyId;
        }

        private String nextNonce() {
            return nonceStem + Long.toString(counter++, 36);
        }

        static String params(long created, String nonce, String keyId) {
            return "(\"@method\" \"@target-uri\" \"content-digest\");created=" + created + ";nonce=\"" + nonce
                    + "\";keyid=\"" + keyId + "\";alg=\"hmac-sha256\"";
        }

        private String params(long created, String nonce) {
            return params(created, nonce, keyId);
        }

        private String signature(String targetUri, int body, String params) {
            String base = "\"@method\": POST\n\"@target-uri\": " + targetUri + "\n\"content-digest\": " + digests[body]
                    + "\n\"@signature-params\": " + params;
            return Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.US_ASCII)));
        }

        /** simgate's verifier with this one key, its own nonce cache and a 30 s window. */
        static org.simgate.security.signature.RequestVerifier verifier(SharedKey key) {
            return new org.simgate.security.signature.RequestVerifier(new org.simgate.security.signature.SignatureCheck(
                    org.simgate.security.keys.KeyLookup.of(() -> new org.simgate.security.keys.KeyRing(List.of(key)),
                            org.simgate.security.keys.DeviceKeys.NONE),
                    new org.simgate.security.replay.NonceCache(16), Clock.systemUTC(), java.time.Duration.ofSeconds(30)));
        }

        /** Refuses to run when simgate's own verifier does not take what this signs. */
        static void selfCheck(SharedKey key) {
            String uri = "http://127.0.0.1:8000" + PATHS[0];
            Map<String, String> fields = new BenchSigner(key).sign(uri, 0);
            Map<String, List<String>> headers = new java.util.HashMap<>();
            fields.forEach((name, value) -> headers.put(name, List.of(value)));
            var verification = verifier(key).verify(
                    new org.simgate.security.SignableRequest("POST", uri,
                            org.simgate.security.HeaderFields.of(headers), BODIES[0]));
            if (!verification.verified()) {
                throw new IllegalStateException("the bench signer signs what simgate refuses: " + verification);
            }
        }
    }

    /** One connection's loop; latencies of the measured period in nanoseconds. */
    private static final class Client extends Thread {
        private static final int SIGNATURE_CHARS = 44; // base64 of a 32-byte HMAC

        private final Options options;
        private final BenchSigner signer;
        private final CountDownLatch connected;
        private final AtomicBoolean measuring;
        private final AtomicBoolean stop;
        private final String authority;
        /** Per body: the whole unsigned request, or with pre-signing the head up to the nonce. */
        private final byte[][] heads = new byte[BODIES.length][];
        /** Per body, with pre-signing: from the end of the signature to the end of the request. */
        private final byte[][] tails = new byte[BODIES.length][];
        /** With pre-signing: between the nonce and the signature. */
        private byte[] middle;
        private final int presignCount;
        private final long presignCreated;
        private byte[][] presigned = new byte[0][];
        private final byte[] buffer = new byte[4096];
        long[] latencies = new long[1 << 16];
        int count;
        int errors;
        /** Requests signed while measured: the pre-signed ones ran out. */
        int signedLive;
        String firstStatus;
        Exception failure;

        Client(Options options, SharedKey key, CountDownLatch connected, AtomicBoolean measuring, AtomicBoolean stop,
               int presignCount, long presignCreated) {
            super("signed-rest-load");
            setDaemon(true);
            this.options = options;
            this.signer = key == null ? null : new BenchSigner(key);
            this.connected = connected;
            this.measuring = measuring;
            this.stop = stop;
            this.authority = options.host() + ":" + options.port();
            this.presignCount = presignCount;
            this.presignCreated = presignCreated;
            for (int body = 0; body < BODIES.length; body++) {
                String head = head(body);
                if (signer == null) {
                    heads[body] = concat(ascii(head + "\r\n"), BODIES[body]);
                } else if (presignCount > 0) {
                    heads[body] = ascii(head + "Content-Digest: " + signer.digest(body) + "\r\nSignature-Input: sig1="
                            + BenchSigner.params(presignCreated, "", signer.keyId()).split("nonce=\"")[0] + "nonce=\"");
                    tails[body] = concat(ascii(":\r\n\r\n"), BODIES[body]);
                }
            }
            if (signer != null && presignCount > 0) {
                String params = BenchSigner.params(presignCreated, "", signer.keyId());
                middle = ascii(params.substring(params.indexOf("nonce=\"") + 7) + "\r\nSignature: sig1=:");
            }
        }

        private String head(int body) {
            return "POST " + PATHS[body] + " HTTP/1.1\r\nHost: " + authority
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + BODIES[body].length + "\r\n";
        }

        /** Signs this connection's share of the run ahead of time, as clients on other machines would. */
        void presign() {
            presigned = new byte[presignCount][];
            for (int n = 0; n < presignCount; n++) {
                presigned[n] = signer.presign("http://" + authority + PATHS[n & 1], n & 1, presignCreated);
            }
        }

        /** Request n into the buffer; its length. */
        private int request(int n) {
            int body = n & 1;
            if (signer == null) {
                return put(heads[body], 0);
            }
            if (n < presigned.length) {
                byte[] nonceAndSignature = presigned[n];
                presigned[n] = null; // sent once: the gateway would refuse it again as a replay
                return assemble(body, nonceAndSignature);
            }
            if (measuring.get() && presignCount > 0) {
                signedLive++;
            }
            StringBuilder head = new StringBuilder(head(body));
            signer.sign("http://" + authority + PATHS[body], body)
                    .forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            return put(concat(ascii(head.append("\r\n").toString()), BODIES[body]), 0);
        }

        /** A pre-signed request into the buffer: the head, its nonce, the middle, its signature, the tail. */
        private int assemble(int body, byte[] nonceAndSignature) {
            int nonceLength = nonceAndSignature.length - SIGNATURE_CHARS;
            int at = put(heads[body], 0);
            System.arraycopy(nonceAndSignature, 0, buffer, at, nonceLength);
            at = put(middle, at + nonceLength);
            System.arraycopy(nonceAndSignature, nonceLength, buffer, at, SIGNATURE_CHARS);
            return put(tails[body], at + SIGNATURE_CHARS);
        }

        /**
         * Refuses to run when simgate's own verifier does not take this connection's first
         * pre-signed request as assembled (its own nonce cache: nothing is used up).
         */
        void checkPresigned(SharedKey key) {
            String text = new String(buffer, 0, assemble(0, presigned[0]), StandardCharsets.US_ASCII);
            String[] headAndBody = text.split("\r\n\r\n", 2);
            Map<String, List<String>> headers = new java.util.HashMap<>();
            for (String line : headAndBody[0].split("\r\n")) {
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    headers.computeIfAbsent(line.substring(0, colon), n -> new ArrayList<>()).add(line.substring(colon + 2));
                }
            }
            var verification = BenchSigner.verifier(key).verify(new org.simgate.security.SignableRequest("POST",
                    "http://" + authority + PATHS[0], org.simgate.security.HeaderFields.of(headers),
                    headAndBody[1].getBytes(StandardCharsets.US_ASCII)));
            if (!verification.verified()) {
                throw new IllegalStateException("a pre-signed request is refused by simgate: " + verification);
            }
        }

        private int put(byte[] bytes, int at) {
            System.arraycopy(bytes, 0, buffer, at, bytes.length);
            return at + bytes.length;
        }

        private static byte[] ascii(String text) {
            return text.getBytes(StandardCharsets.US_ASCII);
        }

        private static byte[] concat(byte[] a, byte[] b) {
            byte[] joined = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, joined, a.length, b.length);
            return joined;
        }

        @Override
        public void run() {
            try (Socket socket = new Socket()) {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(options.host(), options.port()), 5_000);
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = new java.io.BufferedInputStream(socket.getInputStream(), 8192);
                connected.countDown();
                for (int n = 0; !stop.get(); n++) {
                    long start = System.nanoTime();
                    // signing, unless pre-signed, is part of the request's cost, as for any signing client
                    out.write(buffer, 0, request(n));
                    int status = readAnswer(in);
                    long took = System.nanoTime() - start;
                    if (firstStatus == null) {
                        firstStatus = Integer.toString(status);
                    }
                    if (status != 200) {
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

        /** The status of one answer, its head and Content-Length body read off the stream. */
        private static int readAnswer(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(128);
            int status = -1;
            int contentLength = 0;
            while (true) {
                line.reset();
                int c;
                while ((c = in.read()) != '\n') {
                    if (c < 0) {
                        throw new IOException("the gateway closed the connection");
                    }
                    if (c != '\r') {
                        line.write(c);
                    }
                }
                String text = line.toString(StandardCharsets.US_ASCII);
                if (text.isEmpty()) {
                    break;
                }
                if (status < 0) {
                    status = Integer.parseInt(text.substring(9, 12));
                } else if (text.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    contentLength = Integer.parseInt(text.substring(15).strip());
                }
            }
            in.readNBytes(contentLength);
            return status;
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        SharedKey key = options.key();
        if (key != null) {
            BenchSigner.selfCheck(key);
        }
        CountDownLatch connected = new CountDownLatch(options.connections());
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        // enough for the warm-up and the measured period at --presign requests a second, plus a quarter
        int presignCount = options.presignRate() <= 0 ? 0 : (int) Math.ceil(
                1.25 * options.presignRate() * (options.warmup() + options.seconds()) / options.connections());
        long created = System.currentTimeMillis() / 1000;
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < options.connections(); i++) {
            clients.add(new Client(options, key, connected, measuring, stop, presignCount, created));
        }
        long presignStart = System.nanoTime();
        if (presignCount > 0) {
            List<Thread> signers = new ArrayList<>();
            int threads = Runtime.getRuntime().availableProcessors();
            for (int t = 0; t < threads; t++) {
                int first = t;
                Thread signer = new Thread(() -> {
                    for (int c = first; c < clients.size(); c += threads) {
                        clients.get(c).presign();
                    }
                });
                signer.start();
                signers.add(signer);
            }
            for (Thread signer : signers) {
                signer.join();
            }
        }
        double presignSeconds = (System.nanoTime() - presignStart) / 1e9;
        if (presignCount > 0) {
            clients.get(0).checkPresigned(key);
        }
        for (Client client : clients) {
            client.start();
        }
        connected.await();
        Thread.sleep(options.warmup() * 1000L);
        long cpuBefore = cpuTicks(options.gatewayPid());
        long jitBefore = compilerTicks(options.gatewayPid());
        long start = System.nanoTime();
        measuring.set(true);
        Thread.sleep(options.seconds() * 1000L);
        measuring.set(false);
        long elapsed = System.nanoTime() - start;
        long cpuAfter = cpuTicks(options.gatewayPid());
        long jitAfter = compilerTicks(options.gatewayPid());
        stop.set(true);
        for (Client client : clients) {
            client.join(35_000);
        }

        long[] all = new long[clients.stream().mapToInt(c -> c.count).sum()];
        int at = 0;
        int errors = 0;
        for (Client client : clients) {
            if (client.failure != null) {
                System.err.println("signed-rest-load: a connection failed: " + client.failure);
                System.exit(1);
            }
            System.arraycopy(client.latencies, 0, all, at, client.count);
            at += client.count;
            errors += client.errors;
        }
        Arrays.sort(all);
        System.out.printf("connections %d, %s, %.1f s measured after %d s warm-up%n", options.connections(),
                key == null ? "unsigned" : "signed hmac-sha256 (key " + options.keyId() + ")", elapsed / 1e9,
                options.warmup());
        if (presignCount > 0) {
            int signedLive = clients.stream().mapToInt(c -> c.signedLive).sum();
            System.out.printf("pre-signed: %d requests (created %d) signed in %.1f s before the run, %d more"
                    + " signed while measured (once the pre-signed ran out)%n", presignCount * clients.size(), created, presignSeconds,
                    signedLive);
        }
        System.out.printf("auth/s %.0f   (%d requests, %d not 200)%n", all.length / (elapsed / 1e9), all.length, errors);
        System.out.printf("latency ms  p50 %.3f  p90 %.3f  p99 %.3f  max %.3f%n", percentile(all, 50), percentile(all, 90),
                percentile(all, 99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
        System.out.printf("first status: %s%n", clients.get(0).firstStatus == null ? "none" : clients.get(0).firstStatus);
        if (cpuBefore >= 0 && cpuAfter >= 0 && all.length > 0) {
            // /proc counts in USER_HZ, 100 a second on Linux whatever the kernel's own tick
            double cpuMicros = (cpuAfter - cpuBefore) * 10_000.0;
            System.out.printf("gateway CPU %.0f%% of a core, %.1f µs a request%n", cpuMicros / (elapsed / 1e3) * 100,
                    cpuMicros / all.length);
            // a JIT still compiling is warm-up, not the request path: a busy machine stretches it into the run
            System.out.printf("  of which JIT compiler threads %.1f µs a request%n",
                    Math.max(0, jitAfter - jitBefore) * 10_000.0 / all.length);
        }
    }

    /** The user and system time of process {@code pid} so far, in USER_HZ ticks; -1 without a pid or /proc. */
    private static long cpuTicks(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            // fields after the command, which is in parentheses and may hold spaces: state is field 3
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime: fields 14 and 15
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The user and system time of the JIT compiler threads of process {@code pid} so far, in USER_HZ
     * ticks (a compiler thread that ends meanwhile takes its ticks with it); 0 without a pid.
     */
    private static long compilerTicks(long pid) {
        if (pid <= 0) {
            return 0;
        }
        long ticks = 0;
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/" + pid + "/task"))) {
            for (java.nio.file.Path task : (Iterable<java.nio.file.Path>) tasks::iterator) {
                try {
                    String stat = java.nio.file.Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended while listed
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return ticks;
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }
}
