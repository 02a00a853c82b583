package org.simgate.protocol.rest;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.simgate.security.Security;
import org.simgate.security.config.AuthConfig;
import org.simgate.security.keys.DeviceKeys;
import org.simgate.security.keys.SharedKey;
import org.simgate.security.signature.RequestSigner;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.UnservedSimService;

/**
 * The gateway's CPU per sim-auth request in the REST pipeline alone, with and without
 * {@code simgate.auth.required}: raw request bytes into the listener's real pipeline (HTTP codec,
 * aggregator, RestHandler, with auth the RFC 9421 guard and the audit line) on an EmbeddedChannel,
 * against a service that answers at once; the answer bytes read back. No sockets, no slot thread:
 * the difference between the two is what signing costs the gateway per request, free of the load
 * generator sharing the cores (scripts/bench-signing measures the whole).
 *
 * <p>Signed requests are made before each iteration, a fresh nonce each, created now, so the nonce
 * cache fills as on a busy gateway (the window is 300 s). In this package for
 * RestInitializer.configure, the EmbeddedChannel entry point.
 *
 * <p>Run: {@code scripts/bench-jmh RestPipelineBenchmark -f 1 -wi 5 -i 5 -w 1 -r 1 -jvmArgs
 * "-Xmx3g -Dsimgate.audit.file=/tmp/bench-audit.log"}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class RestPipelineBenchmark {
    /** More than one iteration uses (~5 µs a request, 1 s iterations). */
    private static final int PER_ITERATION = 400_000;
    private static final String[] PATHS = {"/sim-auth-api/v1/slot/0", "/sim-auth-api/v1/slot/1"};
    private static final byte[] BODY = "{\"rand\":\"00112233445566778899aabbccddeeff\",\"autn\":\"3cbc31a43007800010f4e2e95de26b00\"}"
            .getBytes(StandardCharsets.US_ASCII);

    @Param({"false", "true"})
    public boolean auth;

    /**
     * false: the listener's pipeline without its request read deadline and cross-site check, to
     * measure what they cost per request in the same run ({@code -p auth=false -p checks=true,false}).
     */
    @Param({"true"})
    public boolean checks;

    private Path dir;
    private Security security;
    private EmbeddedChannel channel;
    private RequestSigner signer;
    /**
     * Every request of an iteration, back to back in one array allocated once: 400,000 separate
     * arrays alive through an iteration would have the collector copying them, not the pipeline
     * working, dominate the time.
     */
    private byte[] requests;
    private int[] starts;
    private int next;

    @Setup(Level.Trial)
    public void start() throws Exception {
        channel = new EmbeddedChannel();
        if (!auth) {
            new RestInitializer(new InstantService(), RestSettings.DEFAULTS).configure(channel.pipeline(), Runnable::run);
            if (!checks) {
                channel.pipeline().remove("deadline-bytes");
                channel.pipeline().remove("deadline");
                channel.pipeline().remove("cross-site");
            }
            return;
        }
        byte[] secret = new byte[32];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) (i * 7);
        }
        dir = Files.createTempDirectory("rest-bench");
        Path keys = dir.resolve("keys.conf");
        Files.writeString(keys, "groups { bench { client = bench, keys = [ { id = bench-1, secret = \"base64:"
                + Base64.getEncoder().encodeToString(secret) + "\" } ] } }\n");
        AuthConfig config = AuthConfig.from(ConfigFactory.parseString("required = true\n"
                + "keys-file = " + ConfigUtil.quoteString(keys.toString()) + "\n"
                + "nonce-cache-size = 8000000\n"
                + "clients { bench { slots = \"*\", operations = [aka] } }\n"));
        security = Security.start(config, DeviceKeys.NONE, Clock.systemUTC(), name -> null);
        new RestInitializer(new InstantService(), RestSettings.DEFAULTS, null, security, null)
                .configure(channel.pipeline(), Runnable::run);
        signer = RequestSigner.hmac(new SharedKey("bench-1", "bench", "bench", secret, null, false), Clock.systemUTC());
    }

    @Setup(Level.Iteration)
    public void makeRequests() {
        if (requests == null) {
            requests = new byte[PER_ITERATION * 700];
            starts = new int[PER_ITERATION + 1];
        }
        for (int i = 0; i < PER_ITERATION; i++) {
            String path = PATHS[i & 1];
            StringBuilder raw = new StringBuilder(700).append("POST ").append(path).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:8000\r\nContent-Type: application/json\r\nContent-Length: ")
                    .append(BODY.length).append("\r\n");
            if (auth) {
                for (Map.Entry<String, String> field : signer.sign("POST", "http://127.0.0.1:8000" + path, BODY).entrySet()) {
                    raw.append(field.getKey()).append(": ").append(field.getValue()).append("\r\n");
                }
            }
            raw.append("\r\n").append(new String(BODY, StandardCharsets.US_ASCII));
            byte[] bytes = raw.toString().getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(bytes, 0, requests, starts[i], bytes.length);
            starts[i + 1] = starts[i] + bytes.length;
        }
        next = 0;
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        channel.finishAndReleaseAll();
        if (security != null) {
            security.close();
            Files.deleteIfExists(dir.resolve("keys.conf"));
            Files.deleteIfExists(dir);
        }
    }

    /** One request in, its answer out (a 2xx, else the run stops); returns the answer's length. */
    @Benchmark
    public int request() {
        int i = next++;
        channel.writeInbound(Unpooled.wrappedBuffer(requests, starts[i], starts[i + 1] - starts[i]));
        int length = 0;
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            if (length == 0 && out.getByte(out.readerIndex() + 9) != '2') { // HTTP/1.1 2xx
                throw new IllegalStateException("not a success: " + out.toString(StandardCharsets.US_ASCII));
            }
            length += out.readableBytes();
            out.release();
        }
        return length;
    }

    /** Answers every AKA at once with a fixed success: the pipeline's cost without a card. */
    static final class InstantService extends UnservedSimService {
        private static final CompletableFuture<AuthResult> SUCCESS = CompletableFuture.completedFuture(
                new AuthResult.Success(new byte[8], new byte[16], new byte[16], new byte[8]));

        @Override
        public CompletableFuture<AuthResult> authenticate(int slot, AuthRequest request) {
            return SUCCESS;
        }
    }
}
