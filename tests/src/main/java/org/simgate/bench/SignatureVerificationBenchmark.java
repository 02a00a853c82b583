package org.simgate.bench;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.simgate.security.SignableRequest;
import org.simgate.security.Verification;
import org.simgate.security.keys.DeviceKeys;
import org.simgate.security.keys.KeyLookup;
import org.simgate.security.keys.KeyRing;
import org.simgate.security.keys.SharedKey;
import org.simgate.security.replay.NonceCache;
import org.simgate.security.signature.ParsedSignature;
import org.simgate.security.signature.RequestSigner;
import org.simgate.security.signature.RequestVerifier;
import org.simgate.security.signature.SignatureBase;
import org.simgate.security.signature.SignatureCheck;
import org.simgate.security.signature.SignatureFailure;
import org.simgate.security.signature.SignatureFields;

/**
 * What the gateway spends on one signed sim-auth request (hmac-sha256), on one thread: the whole
 * verification as the REST guard calls it (headers in Netty's HttpHeaders), and its parts —
 * reading Signature-Input and Signature, building the signature base. Requests are signed in
 * setup, each with its own nonce; once they have all been verified the nonces repeat and the
 * verdict is a replay, found at the same last step (the nonce cache), so the cost is the same.
 *
 * <p>Run: {@code scripts/bench-jmh SignatureVerificationBenchmark -f 1 -wi 3 -i 5 -w 2 -r 2}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class SignatureVerificationBenchmark {
    private static final int REQUESTS = 1 << 14;
    private static final String URI = "http://127.0.0.1:8000/sim-auth-api/v1/slot/0";
    private static final byte[] BODY = "{\"rand\":\"00112233445566778899aabbccddeeff\",\"autn\":\"3cbc31a43007800010f4e2e95de26b00\"}"
            .getBytes(StandardCharsets.US_ASCII);

    private final SignableRequest[] requests = new SignableRequest[REQUESTS];
    private RequestVerifier verifier;
    private int next;

    @Setup
    public void sign() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-24T09:00:00Z"), ZoneOffset.UTC);
        byte[] secret = new byte[32];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) i;
        }
        SharedKey key = new SharedKey("bench-1", "bench", "bench", secret, null, false);
        KeyRing ring = new KeyRing(List.of(key));
        verifier = new RequestVerifier(new SignatureCheck(KeyLookup.of(() -> ring, DeviceKeys.NONE),
                new NonceCache(4 * REQUESTS), clock, Duration.ofSeconds(300)));
        RequestSigner signer = RequestSigner.hmac(key, clock);
        for (int i = 0; i < REQUESTS; i++) {
            HttpHeaders headers = new DefaultHttpHeaders();
            headers.add("Host", "127.0.0.1:8000");
            headers.add("Content-Type", "application/json");
            headers.add("Content-Length", Integer.toString(BODY.length));
            for (Map.Entry<String, String> field : signer.sign("POST", URI, BODY).entrySet()) {
                headers.add(field.getKey(), field.getValue());
            }
            requests[i] = new SignableRequest("POST", URI, headers::getAll, BODY);
        }
    }

    private SignableRequest nextRequest() {
        SignableRequest request = requests[next];
        next = (next + 1) & (REQUESTS - 1);
        return request;
    }

    @Benchmark
    public Verification verify() {
        return verifier.verify(nextRequest());
    }

    @Benchmark
    public ParsedSignature parseFields() throws SignatureFailure {
        return SignatureFields.parse(nextRequest().headers());
    }

    @Benchmark
    public byte[] signatureBase() throws SignatureFailure {
        SignableRequest request = nextRequest();
        return SignatureBase.create(request, List.of("@method", "@target-uri", "content-digest"),
                "(\"@method\" \"@target-uri\" \"content-digest\");created=1795510800;nonce=\"abcdefghijklmnopqrstuv\""
                        + ";keyid=\"bench-1\";alg=\"hmac-sha256\"");
    }
}
