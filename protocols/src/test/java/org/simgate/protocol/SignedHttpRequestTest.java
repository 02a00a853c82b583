package org.simgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.simgate.security.HeaderFields;

class SignedHttpRequestTest {

    @Test
    void theTargetUriIsTheSchemeTheHostAsSentAndTheRequestTarget() {
        assertEquals("https://gw.example:8443/?type=imsi",
                SignedHttpRequest.targetUri(request("/?type=imsi", "gw.example:8443"), "https"));
        // a query that holds a URL is still the origin form
        assertEquals("http://127.0.0.1:8081/admin/v1/devices?back=http://x/y",
                SignedHttpRequest.targetUri(request("/admin/v1/devices?back=http://x/y", "127.0.0.1:8081"), "http"));
        // absolute form: its authority, path and query (RFC 9112 §3.2.2), but always the listener's scheme
        assertEquals("http://gw.example/x", SignedHttpRequest.targetUri(request("http://gw.example/x", "other"), "http"));
        assertEquals("http://gw.example:8443/x?y=https://z",
                SignedHttpRequest.targetUri(request("https://gw.example:8443/x?y=https://z", "gw.example"), "http"));
        assertEquals("https://gw.example/x", SignedHttpRequest.targetUri(request("HTTP://gw.example/x", null), "https"));
        // neither form: left as it is, for the verifier to refuse
        assertEquals("*", SignedHttpRequest.targetUri(request("*", "h"), "http"));
        assertEquals("a/b://c", SignedHttpRequest.targetUri(request("a/b://c", "h"), "http"));
        // no Host: no authority, refused by the verifier as malformed
        assertEquals("http:///x", SignedHttpRequest.targetUri(request("/x", null), "http"));
    }

    @Test
    void theClaimedKeyIdIsTheFirstLabelsOrNone() {
        FullHttpRequest device = request("/x", "h");
        device.headers().add("Signature-Input", "sig1=(\"@method\");keyid=\"dev-1\";alg=\"ecdsa-p384-sha384\", "
                + "sig2=(\"@method\");keyid=\"dev-2\"");
        device.headers().add("Signature", "sig1=:AAAA:, sig2=:AAAA:");
        assertEquals("dev-1", SignedHttpRequest.claimedKeyId(device));
        FullHttpRequest unparsable = request("/x", "h");
        unparsable.headers().add("Signature-Input", "sig1=(\"@method\";keyid=\"dev-1\"");
        unparsable.headers().add("Signature", "sig1=:AAAA:");
        assertEquals(null, SignedHttpRequest.claimedKeyId(unparsable));
        assertEquals(null, SignedHttpRequest.claimedKeyId(request("/x", "h")));
    }

    @Test
    void onlyASignatureInputNamingP384IsSlow() {
        FullHttpRequest hmac = request("/x", "h");
        hmac.headers().add("Signature-Input", "sig1=(\"@method\");created=1;nonce=\"n\";keyid=\"k\";alg=\"hmac-sha256\"");
        assertFalse(SignedHttpRequest.slowToVerify(hmac));
        FullHttpRequest device = request("/x", "h");
        device.headers().add("Signature-Input", "sig1=(\"@method\");keyid=\"dev-1\";alg=\"ecdsa-p384-sha384\"");
        assertTrue(SignedHttpRequest.slowToVerify(device));
        assertFalse(SignedHttpRequest.slowToVerify(request("/x", "h")));
    }

    /** The verifier's view of the headers: every field as Netty holds it, by any case of its name, read once or again. */
    @Test
    void theSignableRequestReadsEveryFieldAsNettyHoldsIt() {
        FullHttpRequest request = request("/x", "h");
        request.headers().add("Signature-Input", "sig1=(\"@method\");keyid=\"k\"");
        request.headers().add("signature-input", "sig2=(\"@method\");keyid=\"j\"");
        request.headers().add("Content-Digest", "sha-256=:AAAA:");
        request.headers().add("Signature", "sig1=:AAAA:");
        HeaderFields headers = SignedHttpRequest.signable(request, "http").headers();

        for (String name : List.of("Signature-Input", "signature-input", "SIGNATURE-INPUT", "content-digest",
                "Content-Digest", "signature", "host", "absent")) {
            assertEquals(request.headers().getAll(name), headers.all(name), name);
            assertEquals(request.headers().getAll(name), headers.all(name), name + ", read again");
        }
        assertFalse(SignedHttpRequest.slowToVerify(headers));
        request.headers().add("Signature-Input", "sig3=(\"@method\");keyid=\"d\";alg=\"ecdsa-p384-sha384\"");
        assertTrue(SignedHttpRequest.slowToVerify(SignedHttpRequest.signable(request, "http").headers()));
    }

    private static FullHttpRequest request(String uri, String host) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        if (host != null) {
            request.headers().set("Host", host);
        }
        return request;
    }
}
