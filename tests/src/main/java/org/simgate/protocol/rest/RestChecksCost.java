package org.simgate.protocol.rest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What the request read deadline and the cross-site check cost the gateway per request and per
 * connection, measured so that a busy shared machine cancels out: the REST listener's pipeline
 * with them and without them, on EmbeddedChannels in one thread, in interleaved blocks of
 * requests, each block's CPU time from the thread's own clock; the medians of the blocks compared.
 * Keep-alive: one channel carries every request. Per connection: a new channel per request
 * ({@code Connection: close}), its pipeline built, the request answered, the channel closed.
 *
 * <p>Run: {@code java -cp "tests/target/classes:$(cat tests/target/bench.classpath)"
 * org.simgate.protocol.rest.RestChecksCost [rounds, default 30]} after scripts/bench-jmh's build.
 */
public final class RestChecksCost {
    private static final String BODY =
            "{\"rand\":\"00112233445566778899aabbccddeeff\",\"autn\":\"3cbc31a43007800010f4e2e95de26b00\"}";
    private static final byte[] KEEP_ALIVE = request("");
    private static final byte[] CLOSE = request("Connection: close\r\n");
    private static final int KEEP_ALIVE_BLOCK = 20_000;
    private static final int CONNECTION_BLOCK = 5_000;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final RestInitializer REST = new RestInitializer(new RestPipelineBenchmark.InstantService(),
            RestSettings.DEFAULTS);

    private RestChecksCost() {
    }

    private static byte[] request(String extra) {
        return ("POST /sim-auth-api/v1/slot/0 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n" + extra
                + "Content-Type: application/json\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY)
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static EmbeddedChannel channel(boolean checks) {
        EmbeddedChannel channel = new EmbeddedChannel();
        REST.configure(channel.pipeline(), Runnable::run);
        if (!checks) {
            channel.pipeline().remove("deadline-bytes");
            channel.pipeline().remove("deadline");
            channel.pipeline().remove("cross-site");
        }
        return channel;
    }

    private static void exchange(EmbeddedChannel channel, byte[] request) {
        channel.writeInbound(Unpooled.wrappedBuffer(request));
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

    /** CPU nanoseconds per request of one block on a kept channel. */
    private static double keepAliveBlock(EmbeddedChannel channel) {
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < KEEP_ALIVE_BLOCK; i++) {
            exchange(channel, KEEP_ALIVE);
        }
        return (double) (THREADS.getCurrentThreadCpuTime() - start) / KEEP_ALIVE_BLOCK;
    }

    /** CPU nanoseconds per connection of one block, a new channel per request. */
    private static double connectionBlock(boolean checks) {
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < CONNECTION_BLOCK; i++) {
            EmbeddedChannel channel = channel(checks);
            exchange(channel, CLOSE);
            channel.finishAndReleaseAll();
        }
        return (double) (THREADS.getCurrentThreadCpuTime() - start) / CONNECTION_BLOCK;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        EmbeddedChannel with = channel(true);
        EmbeddedChannel without = channel(false);
        for (int i = 0; i < 10; i++) { // JIT warm-up, both paths
            keepAliveBlock(with);
            keepAliveBlock(without);
            connectionBlock(true);
            connectionBlock(false);
        }
        double[] keptWith = new double[rounds];
        double[] keptWithout = new double[rounds];
        double[] connWith = new double[rounds];
        double[] connWithout = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            boolean withFirst = r % 2 == 0;
            keptWith[r] = withFirst ? keepAliveBlock(with) : 0;
            keptWithout[r] = keepAliveBlock(without);
            if (!withFirst) {
                keptWith[r] = keepAliveBlock(with);
            }
            connWith[r] = withFirst ? connectionBlock(true) : 0;
            connWithout[r] = connectionBlock(false);
            if (!withFirst) {
                connWith[r] = connectionBlock(true);
            }
        }
        System.out.printf("keep-alive request: %.0f ns with the checks, %.0f ns without (median of %d blocks of %d)%n",
                median(keptWith), median(keptWithout), rounds, KEEP_ALIVE_BLOCK);
        System.out.printf("connection (one request, Connection: close): %.0f ns with, %.0f ns without (median of %d blocks of %d)%n",
                median(connWith), median(connWithout), rounds, CONNECTION_BLOCK);
        with.finishAndReleaseAll();
        without.finishAndReleaseAll();
    }
}
