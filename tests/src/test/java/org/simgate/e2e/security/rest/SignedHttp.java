package org.simgate.e2e.security.rest;

import org.simgate.e2e.Http.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import org.simgate.security.signature.RequestSigner;

/**
 * A client that signs its requests as simgate's docs tell a client to: java.net.http, with the
 * Content-Digest, Signature-Input and Signature fields of {@link RequestSigner} over the method,
 * the URI it sends to (its Host header is that URI's authority) and the body.
 */
final class SignedHttp {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient client;

    SignedHttp(SSLContext tls) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT)
                .sslContext(tls).build();
    }

    /** The fields that sign this request; null signer: none. */
    static Map<String, String> fields(RequestSigner signer, String method, URI uri, String body) {
        return signer == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(signer.sign(method, uri.toString(), bytes(body)));
    }

    /** A request with exactly these header fields: sign one body and send another to tamper. */
    static HttpRequest request(String method, URI uri, String body, Map<String, String> fields) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(TIMEOUT);
        fields.forEach(builder::header);
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
        }
        return builder.build();
    }

    /** A signed request (body null for none). */
    static HttpRequest signed(RequestSigner signer, String method, URI uri, String body) {
        return request(method, uri, body, fields(signer, method, uri, body));
    }

    Response get(RequestSigner signer, URI uri) {
        return send(signed(signer, "GET", uri, null));
    }

    Response post(RequestSigner signer, URI uri, String body) {
        return send(signed(signer, "POST", uri, body));
    }

    Response send(HttpRequest request) {
        try {
            return response(client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    CompletableFuture<Response> sendAsync(HttpRequest request) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(SignedHttp::response);
    }

    private static Response response(HttpResponse<String> r) {
        return new Response(r.statusCode(), r.headers(), r.body());
    }

    private static byte[] bytes(String body) {
        return body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    }
}
