package org.simgate.protocol.rest;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.simgate.security.Security;
import org.simgate.security.config.AuthConfig;
import org.simgate.security.keys.DeviceKeys;
import org.simgate.security.keys.SharedKey;
import org.simgate.security.signature.RequestSigner;

/**
 * What a signed sim-auth request costs the gateway's CPU over an unsigned one, measured so that a
 * busy shared machine cancels out: the REST listener's real pipeline (HTTP codec, aggregator,
 * RestHandler; with {@code simgate.auth.required} the RFC 9421 guard, authorization, rate limit,
 * nonce cache and the audit line) on EmbeddedChannels in one thread, unsigned and signed requests
 * in interleaved blocks. Each block's cost is the CPU time of all the process's Java threads (so the
 * audit file's writer thread counts, as it does on a running gateway) and the calling thread's own;
 * the medians of the blocks are compared. No sockets and no slot thread, which both kinds of
 * request pay alike: the difference is what signing adds, the ratio larger than a running
 * gateway's (scripts/bench-signing measures that).
 *
 * <p>Every signed request is made before the blocks, a fresh nonce each, created at the start
 * (the window is 300 s), so the nonce cache fills as on a busy gateway.
 *
 * <p>Run: {@code java -Xmx3g -Dsimgate.audit.file=/tmp/signing-cost-audit.log -cp
 * "tests/target/classes:$(cat tests/target/bench.classpath)" org.simgate.protocol.rest.SigningCost
 * [rounds, default 30]} after scripts/bench-jmh's build.
 */
public final class SigningCost {
    private static final String[] PATHS = {"/sim-auth-api/v1/slot/0", "/sim-auth-api/v1/slot/1"};
    private static final byte[] BODY =
            "{\"rand\":\"00112233445566778899aabbccddeeff\",\"autn\":\"3cbc31a43007800010f4e2e95de26b00\"}"
                    .getBytes(StandardCharsets.US_ASCII);
    private static final int BLOCK = 10_000;
    private static final int WARM_UP_BLOCKS = 12;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private SigningCost() {
    }

    /** The requests of every block, back to back in one array. */
    private static final class Requests {
        final byte[] bytes;
        final int[] starts;
        int next;

        Requests(int count, RequestSigner signer) {
            starts = new int[count + 1];
            byte[] all = new byte[count * (signer == null ? 200 : 700)];
            for (int i = 0; i < count; i++) {
                String path = PATHS[i & 1];
                StringBuilder raw = new StringBuilder(700).append("POST ").append(path).append(" HTTP/1.1\r\n")
                        .append("Host: 127.0.0.1:8000\r\nContent-Type: application/json\r\nContent-Length: ")
                        .append(BODY.length).append("\r\n");
                if (signer != null) {
                    for (Map.Entry<String, String> field
                            : signer.sign("POST", "http://127.0.0.1:8000" + path, BODY).entrySet()) {
                        raw.append(field.getKey()).append(": ").append(field.getValue()).append("\r\n");
                    }
                }
                raw.append("\r\n").append(new String(BODY, StandardCharsets.US_ASCII));
                byte[] request = raw.toString().getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(request, 0, all, starts[i], request.length);
                starts[i + 1] = starts[i] + request.length;
            }
            bytes = all;
        }

        ByteBuf nextRequest() {
            int i = next++;
            return Unpooled.wrappedBuffer(bytes, starts[i], starts[i + 1] - starts[i]);
        }
    }

    private static void exchange(EmbeddedChannel channel, ByteBuf request) {
        channel.writeInbound(request);
        ByteBuf out;
        boolean first = true;
        while ((out = channel.readOutbound()) != null) {
            if (first && out.getByte(out.readerIndex() + 9) != '2') {
                throw new IllegalStateException("not a success: " + out.toString(StandardCharsets.US_ASCII));
            }
            first = false;
            out.release();
        }
    }

    /** {all threads, this thread} CPU nanoseconds and this thread's allocated bytes per request of one block. */
    private static double[] block(EmbeddedChannel channel, Requests requests) {
        com.sun.management.ThreadMXBean allocation = (com.sun.management.ThreadMXBean) THREADS;
        long all = allThreadsCpu();
        long thread = THREADS.getCurrentThreadCpuTime();
        long allocated = allocation.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < BLOCK; i++) {
            exchange(channel, requests.nextRequest());
        }
        return new double[] {(double) (allThreadsCpu() - all) / BLOCK,
            (double) (THREADS.getCurrentThreadCpuTime() - thread) / BLOCK,
            (double) (allocation.getCurrentThreadAllocatedBytes() - allocated) / BLOCK};
    }

    /**
     * The CPU time of every Java thread, this one and the audit file's writer among them, to the
     * nanosecond (the process's own clock counts in 10 ms ticks, too coarse for a block); the
     * collector's threads are left out.
     */
    private static long allThreadsCpu() {
        long sum = 0;
        for (long id : THREADS.getAllThreadIds()) {
            long cpu = THREADS.getThreadCpuTime(id);
            if (cpu > 0) {
                sum += cpu;
            }
        }
        return sum;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int blocks = WARM_UP_BLOCKS + rounds;
        byte[] secret = new byte[32];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) (i * 7);
        }
        Path dir = Files.createTempDirectory("signing-cost");
        Path keys = dir.resolve("keys.conf");
        Files.writeString(keys, "groups { bench { client = bench, keys = [ { id = bench-1, secret = \"base64:"
                + Base64.getEncoder().encodeToString(secret) + "\" } ] } }\n");
        AuthConfig config = AuthConfig.from(ConfigFactory.parseString("required = true\n"
                + "keys-file = " + ConfigUtil.quoteString(keys.toString()) + "\n"
                + "window = 300s\nnonce-cache-size = 4000000\n"
                + "clients { bench { slots = \"*\", operations = [aka] } }\n"));
        try (Security security = Security.start(config, DeviceKeys.NONE, Clock.systemUTC(), name -> null)) {
            RequestSigner signer = RequestSigner.hmac(new SharedKey("bench-1", "bench", "bench", secret, null, false),
                    Clock.systemUTC());
            Requests unsigned = new Requests(blocks * BLOCK, null);
            Requests signed = new Requests(blocks * BLOCK, signer);
            EmbeddedChannel off = new EmbeddedChannel();
            new RestInitializer(new RestPipelineBenchmark.InstantService(), RestSettings.DEFAULTS)
                    .configure(off.pipeline(), Runnable::run);
            EmbeddedChannel on = new EmbeddedChannel();
            new RestInitializer(new RestPipelineBenchmark.InstantService(), RestSettings.DEFAULTS, null, security, null)
                    .configure(on.pipeline(), Runnable::run);
            for (int i = 0; i < WARM_UP_BLOCKS; i++) {
                block(off, unsigned);
                block(on, signed);
            }
            double[][] process = new double[2][rounds];
            double[][] thread = new double[2][rounds];
            double[][] allocated = new double[2][rounds];
            for (int r = 0; r < rounds; r++) {
                boolean offFirst = r % 2 == 0;
                for (int k = 0; k < 2; k++) {
                    boolean isOff = offFirst == (k == 0);
                    double[] cost = isOff ? block(off, unsigned) : block(on, signed);
                    process[isOff ? 0 : 1][r] = cost[0];
                    thread[isOff ? 0 : 1][r] = cost[1];
                    allocated[isOff ? 0 : 1][r] = cost[2];
                }
            }
            double offAll = median(process[0]);
            double onAll = median(process[1]);
            System.out.printf("unsigned: %.0f ns a request (all threads), %.0f ns (this thread)%n", offAll,
                    median(thread[0]));
            System.out.printf("signed:   %.0f ns a request (all threads), %.0f ns (this thread)%n", onAll,
                    median(thread[1]));
            System.out.printf("signing adds %.0f ns of CPU a request (all threads) (%.2fx), %.0f ns on this thread%n",
                    onAll - offAll, onAll / offAll, median(thread[1]) - median(thread[0]));
            System.out.printf("allocated on this thread: %.0f bytes a request unsigned, %.0f signed%n",
                    median(allocated[0]), median(allocated[1]));
            System.out.printf("(medians of %d interleaved blocks of %d requests each, after %d warm-up blocks)%n",
                    rounds, BLOCK, WARM_UP_BLOCKS);
            off.finishAndReleaseAll();
            on.finishAndReleaseAll();
        } finally {
            Files.deleteIfExists(keys);
            Files.deleteIfExists(dir);
        }
    }
}
