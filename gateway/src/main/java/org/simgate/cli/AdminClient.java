package org.simgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * The management listener's admin API over HTTP(S), each request signed with the client's key
 * when it has one. An answer other than 2xx is an IllegalStateException saying what the server
 * said, in a line.
 */
final class AdminClient {
    static final URI DEFAULT_URL = URI.create("http://127.0.0.1:8081");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SERVER_MESSAGE = 200;

    private final String base;
    private final HttpClient http;
    private final Duration timeout;
    private final ClientKey key;
    private final Consumer<String> trace;

    /** @param key null: requests go unsigned (the listener serves them only with authentication off) */
    AdminClient(URI baseUrl, SSLContext tls, Duration timeout, ClientKey key, Consumer<String> trace) {
        String text = baseUrl.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        this.http = RestSimService.httpClient(tls, timeout);
        this.timeout = timeout;
        this.key = key;
        this.trace = trace;
    }

    JsonNode get(String path) throws InterruptedException {
        return json(send("GET", path, null));
    }

    byte[] getBytes(String path) throws InterruptedException {
        return send("GET", path, null);
    }

    JsonNode post(String path, JsonNode body) throws InterruptedException {
        return json(send("POST", path, body == null ? null : body.toString().getBytes(StandardCharsets.UTF_8)));
    }

    JsonNode delete(String path) throws InterruptedException {
        return json(send("DELETE", path, null));
    }

    private byte[] send(String method, String path, byte[] body) throws InterruptedException {
        URI uri = URI.create(base + path);
        byte[] bytes = body == null ? new byte[0] : body;
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            key.sign(request, method, uri, bytes);
        }
        trace.accept(method + " " + uri + (key != null ? " (signed, key " + key.keyId() + ")" : ""));
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the admin API at " + base + ": " + ServerTrust.whyUnreachable(e));
        }
        trace.accept("<- HTTP " + response.statusCode());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("the admin API answered HTTP " + response.statusCode() + ": "
                    + message(response) + hint(response.statusCode()));
        }
        return response.body();
    }

    private String hint(int status) {
        if (status == 401) {
            return key == null ? " (sign with --key-file and --key-group, --key-id and --secret-env, or --device-key)"
                    : " (the key " + key.keyId() + " did not verify: unknown, expired or revoked, or the clocks differ)";
        }
        return status == 403 ? " (the client needs the admin operation in simgate.auth.clients)" : "";
    }

    private static String message(HttpResponse<byte[]> response) {
        String message;
        try {
            JsonNode json = JSON.readTree(response.body());
            message = json.path("error").path("message").asText("no message");
        } catch (IOException e) {
            message = "(" + response.body().length + " bytes that are not JSON)";
        }
        StringBuilder clean = new StringBuilder();
        message.codePoints().limit(MAX_SERVER_MESSAGE)
                .forEach(c -> clean.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return clean.toString();
    }

    private static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("the admin API answered something that is not JSON (" + body.length + " bytes)");
        }
    }
}
