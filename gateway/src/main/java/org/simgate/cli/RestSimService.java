package org.simgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.simgate.protocol.rest.RestWire;
import org.simgate.protocol.rest.SimAuthWire;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.CardInfo;
import org.simgate.service.Outcome;
import org.simgate.service.SimService;
import org.simgate.service.SlotException;
import org.simgate.service.SlotException.Kind;
import org.simgate.service.SlotStatus;
import org.simgate.service.SubscriptionConcealedIdentifier;
import org.simgate.service.SuciRequest;

/**
 * A {@link SimService} on a running simgate (or pySim's sim-rest-server) over HTTP(S), so the
 * client code is the same in-process and remote.
 *
 * <p>Card-level answers come back as 200 bodies and become {@link AuthResult}s; HTTP errors become
 * {@link SlotException}s: 404 NO_SUCH_SLOT, 410 NO_CARD, 503 BUSY (when the server's message says
 * busy or queue) else TRANSPORT_DOWN, 504 TIMEOUT, 403 FORBIDDEN, anything else INTERNAL. pySim's
 * server answers a wrong MAC with HTTP 500 and {@code status_word} 9862; a 500 that carries a
 * status word is therefore taken as the card's refusal, as that server means it. A server that
 * cannot be reached is TRANSPORT_DOWN, a request that outlives the timeout TIMEOUT.
 */
public final class RestSimService implements SimService {

    /** pySim's sim-rest-client reaches this and nothing else; simgate listens there by default. */
    public static final URI DEFAULT_URL = URI.create("http://localhost:8000");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http;
    private final Duration timeout;
    private final Consumer<String> trace;
    /** Null: requests go unsigned. */
    private final ClientKey key;

    /**
     * @param baseUrl where the APIs live, e.g. {@code https://gw.example:8443} or one with a path
     *                prefix behind a proxy
     * @param trace   receives one line per request and answer (method, URL, status), never a body
     */
    public RestSimService(URI baseUrl, HttpClient http, Duration timeout, Consumer<String> trace) {
        this(baseUrl, http, timeout, trace, null);
    }

    /** @param key signs every request (RFC 9421); null: none is signed */
    RestSimService(URI baseUrl, HttpClient http, Duration timeout, Consumer<String> trace, ClientKey key) {
        String text = baseUrl.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        this.http = http;
        this.timeout = timeout;
        this.trace = trace;
        this.key = key;
    }

    /** An HTTP/1.1 client for this base URL; tls is the trust for https (null: the JVM's default). */
    public static RestSimService connect(URI baseUrl, SSLContext tls, Duration timeout, Consumer<String> trace) {
        return new RestSimService(baseUrl, httpClient(tls, timeout), timeout, trace, null);
    }

    /** As {@link #connect(URI, SSLContext, Duration, Consumer)}, signing every request with that key (null: none). */
    static RestSimService connect(URI baseUrl, SSLContext tls, Duration timeout, Consumer<String> trace, ClientKey key) {
        return new RestSimService(baseUrl, httpClient(tls, timeout), timeout, trace, key);
    }

    static HttpClient httpClient(SSLContext tls, Duration timeout) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                // HTTP/1.1 like pySim's requests; the default would send an h2c upgrade on http://
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout);
        if (tls != null) {
            builder.sslContext(tls);
        }
        return builder.build();
    }

    @Override
    public CompletableFuture<AuthResult> authenticate(int slot, AuthRequest request) {
        return exchange(post("/sim-auth-api/v1/slot/" + slot, SimAuthWire.request(request)))
                .thenApply(RestSimService::authResult);
    }

    @Override
    public CompletableFuture<CardInfo> info(int slot) {
        return exchange(get("/sim-info-api/v1/slot/" + slot)).thenApply(answer -> RestWire.cardInfo(answer.okBody()));
    }

    @Override
    public CompletableFuture<SubscriptionConcealedIdentifier> suci(int slot, SuciRequest request) {
        return exchange(get("/sim-info-api/v1/slot/" + slot + "/suci" + RestWire.suciQuery(request)))
                .thenApply(answer -> RestWire.suci(answer.okBody()));
    }

    @Override
    public CompletableFuture<List<byte[]>> transmit(int slot, List<byte[]> apdus) {
        return exchange(post("/apdu-api/v1/slot/" + slot, RestWire.apduRequest(apdus)))
                .thenApply(answer -> RestWire.apduResponses(answer.okBody()));
    }

    @Override
    public List<SlotStatus> slots() {
        try {
            return exchange(get("/api/v1/slots")).thenApply(answer -> RestWire.slots(answer.okBody())).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SlotException slotException ? slotException
                    : new SlotException(Kind.INTERNAL, "listing slots failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlotException(Kind.INTERNAL, "interrupted while listing slots");
        }
    }

    /** The REST API has no reset: a remote client resets through the admin API, not this one. */
    @Override
    public CompletableFuture<byte[]> reset(int slot) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("reset is not offered over REST"));
    }

    /** A transaction runs code on the slot's thread, which a remote client cannot ship over HTTP. */
    @Override
    public <T> CompletableFuture<T> transaction(int slot, org.simgate.service.CardTransaction<T> work) {
        return CompletableFuture.failedFuture(
                new UnsupportedOperationException("card transactions run in-process only; use transmit for raw APDUs"));
    }

    /** simgate's REST API has no notion of a client-side default: slot 0, as pySim's client. */
    @Override
    public int defaultSlot() {
        return 0;
    }

    private HttpRequest post(String path, byte[] bytes) {
        return request("POST", path, bytes).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
    }

    private HttpRequest get(String path) {
        return request("GET", path, new byte[0]).GET().build();
    }

    private HttpRequest.Builder request(String method, String path, byte[] body) {
        URI uri = URI.create(base + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        if (key != null) {
            key.sign(request, method, uri, body);
        }
        return request;
    }

    private CompletableFuture<Answer> exchange(HttpRequest request) {
        trace.accept(request.method() + " " + request.uri());
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((response, failure) -> {
            if (failure != null) {
                throw unreachable(request.uri(), Outcome.cause(failure));
            }
            trace.accept("<- HTTP " + response.statusCode());
            return new Answer(response.statusCode(), parse(response));
        });
    }

    private static SlotException unreachable(URI uri, Throwable cause) {
        if (cause instanceof HttpTimeoutException) {
            return new SlotException(Kind.TIMEOUT, "no answer from " + uri + " in time", cause);
        }
        return new SlotException(Kind.TRANSPORT_DOWN, "cannot reach " + uri + ": " + ServerTrust.whyUnreachable(cause), cause);
    }

    private static JsonNode parse(HttpResponse<byte[]> response) {
        byte[] body = response.body();
        if (body.length == 0) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            // the body itself is not echoed: it is not ours to print and might carry anything
            throw new SlotException(Kind.INTERNAL, "server answered HTTP " + response.statusCode()
                    + " with a body that is not JSON (" + body.length + " bytes)");
        }
    }

    private static AuthResult authResult(Answer answer) {
        JsonNode error = answer.body().path("error");
        if (answer.status() == 500 && error.hasNonNull("status_word")) {
            // pySim's sim-rest-server reports the card's refusal this way
            return SimAuthWire.rejected(error);
        }
        return SimAuthWire.answer(answer.okBody());
    }

    /** One HTTP answer, parsed. */
    private record Answer(int status, JsonNode body) {

        /** The body of a 200; anything else becomes the SlotException its status stands for. */
        JsonNode okBody() {
            if (status == 200) {
                return body;
            }
            String message = "server answered HTTP " + status + ": " + RestWire.errorMessage(body);
            Kind kind = switch (status) {
                case 404 -> Kind.NO_SUCH_SLOT;
                case 410 -> Kind.NO_CARD;
                case 401, 403 -> Kind.FORBIDDEN;
                case 429 -> Kind.BUSY;
                case 504 -> Kind.TIMEOUT;
                case 503 -> message.toLowerCase(Locale.ROOT).matches(".*(busy|queue).*") ? Kind.BUSY : Kind.TRANSPORT_DOWN;
                default -> Kind.INTERNAL;
            };
            throw new HttpRefusal(kind, status, message);
        }
    }
}
