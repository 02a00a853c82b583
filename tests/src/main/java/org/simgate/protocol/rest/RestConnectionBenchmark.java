package org.simgate.protocol.rest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The gateway's CPU for one connection that carries one sim-auth request and closes (HTTP/1.0
 * style, as usim-https clients call), in the REST listener's pipeline on an EmbeddedChannel: the
 * pipeline built, the request in, the answer out, the channel closed. With {@code checks=false}
 * the request read deadline (a timer per connection) and the cross-site check are taken out, so
 * the difference is what they cost per connection. The accept-time count (CountedConnections)
 * runs on the acceptor thread, not here.
 *
 * <p>Run: {@code scripts/bench-jmh RestConnectionBenchmark -f 1 -wi 5 -i 5 -w 1 -r 1 -p checks=true,false}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class RestConnectionBenchmark {
    private static final String BODY =
            "{\"rand\":\"00112233445566778899aabbccddeeff\",\"autn\":\"3cbc31a43007800010f4e2e95de26b00\"}";
    private static final byte[] REQUEST = ("POST /sim-auth-api/v1/slot/0 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n"
            + "Connection: close\r\nContent-Type: application/json\r\nContent-Length: " + BODY.length() + "\r\n\r\n"
            + BODY).getBytes(StandardCharsets.US_ASCII);

    @Param({"true", "false"})
    public boolean checks;

    private final RestInitializer rest = new RestInitializer(new RestPipelineBenchmark.InstantService(),
            RestSettings.DEFAULTS);

    @Benchmark
    public int connection() {
        EmbeddedChannel channel = new EmbeddedChannel();
        rest.configure(channel.pipeline(), Runnable::run);
        if (!checks) {
            channel.pipeline().remove("deadline-bytes");
            channel.pipeline().remove("deadline");
            channel.pipeline().remove("cross-site");
        }
        channel.writeInbound(Unpooled.wrappedBuffer(REQUEST));
        int length = 0;
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            if (length == 0 && out.getByte(out.readerIndex() + 9) != '2') {
                throw new IllegalStateException("not a success: " + out.toString(StandardCharsets.US_ASCII));
            }
            length += out.readableBytes();
            out.release();
        }
        channel.finishAndReleaseAll();
        return length;
    }
}
