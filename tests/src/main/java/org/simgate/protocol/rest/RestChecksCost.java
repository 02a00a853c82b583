package org.simgate.protocol.rest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

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

    /** The handlers each variant takes out of the listener's pipeline. */
    private static final List<List<String>> WITHOUT = List.of(List.of(), List.of("cross-site"),
            List.of("deadline-bytes", "deadline"), List.of("deadline-bytes", "deadline", "cross-site"));
    private static final String[] NAMES = {"with both", "without the cross-site check", "without the deadline",
        "without both"};

    private static EmbeddedChannel channel(List<String> without) {
        EmbeddedChannel channel = new EmbeddedChannel();
        REST.configure(channel.pipeline(), Runnable::run);
        without.forEach(channel.pipeline()::remove);
        return channel;
    }

    private static EmbeddedChannel channel(boolean checks) {
        return channel(WITHOUT.get(checks ? 0 : 3));
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
        List<EmbeddedChannel> channels = WITHOUT.stream().map(RestChecksCost::channel).toList();
        for (int i = 0; i < 10; i++) { // JIT warm-up, every path
            channels.forEach(RestChecksCost::keepAliveBlock);
            connectionBlock(true);
            connectionBlock(false);
        }
        double[][] kept = new double[channels.size()][rounds];
        double[][] connections = new double[2][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int v = 0; v < channels.size(); v++) { // each variant first in turn
                int variant = (v + r) % channels.size();
                kept[variant][r] = keepAliveBlock(channels.get(variant));
            }
            boolean withFirst = r % 2 == 0;
            connections[withFirst ? 0 : 1][r] = connectionBlock(withFirst);
            connections[withFirst ? 1 : 0][r] = connectionBlock(!withFirst);
        }
        for (int v = 0; v < channels.size(); v++) {
            System.out.printf("keep-alive request, %s: %.0f ns%n", NAMES[v], median(kept[v]));
        }
        System.out.printf("connection (one request, Connection: close): %.0f ns with both, %.0f ns without%n",
                median(connections[0]), median(connections[1]));
        System.out.printf("(medians of %d blocks of %d requests, %d connections)%n", rounds, KEEP_ALIVE_BLOCK,
                CONNECTION_BLOCK);
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }
}
