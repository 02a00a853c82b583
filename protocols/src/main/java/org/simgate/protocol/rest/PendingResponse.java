package org.simgate.protocol.rest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.simgate.protocol.OrderedAnswers;
import org.simgate.protocol.RouteTable;
import org.simgate.security.audit.AuditTrail;
import org.simgate.service.SimService;

/**
 * One request's place in its connection's answer order, and what its route's handler method
 * ({@link RestRoutes}) reads and answers through. It is also the callback of the service's future
 * and the task that brings the result back to the event loop, so a card request costs one object
 * here, not a chain of lambdas.
 */
final class PendingResponse extends OrderedAnswers.Owed<FullHttpResponse>
        implements BiConsumer<Object, Throwable>, Runnable {

    /** How a service's result becomes the answer; may throw a {@link org.simgate.service.SlotException}. */
    @FunctionalInterface
    interface Encoder<T> {
        FullHttpResponse encode(ByteBufAllocator alloc, T result);
    }

    final HttpVersion version;
    private final RestHandler handler;

    RouteTable.Route<RestRoute> route;
    /** The path's slot, {@link RouteTable#NO_SLOT} or {@link RouteTable#BAD_SLOT}; a usim-https query's once read. */
    int slot = RouteTable.NO_SLOT;
    /**
     * The IMSI of a route by IMSI ({@code .../imsi/{imsi}}), whose subscriber card's id becomes
     * {@link #slot} once resolved; empty when the path's is no IMSI ({@code slot} is then BAD_SLOT);
     * null for every other route.
     */
    String imsi;
    /** The text after {@code ?}, or null. */
    String query;
    /** The request, while its route's handler runs. */
    FullHttpRequest request;
    private UsimHttpsQuery usim;
    Encoder<Object> encoder;

    /**
     * The audit line's fields, for a listener that guards its requests ({@code audited}); the
     * handler fills them in as it learns them and writes the line with the answer.
     */
    boolean audited;
    long arrivedNanos;
    String client;
    String operation = "-";
    int auditSlot = AuditTrail.NO_SLOT;
    /** Set where the path knows more than the answer's status (a card's sync failure, why a signature failed). */
    String outcome;

    /** The future was complete before we subscribed, so the callback runs on the event loop. */
    private boolean direct;
    private Object result;
    private Throwable failure;

    PendingResponse(RestHandler handler, HttpVersion version, boolean keepAlive) {
        this.handler = handler;
        this.version = version;
        if (!keepAlive) {
            closeAfter();
        }
    }

    SimService service() {
        return handler.service();
    }

    ByteBufAllocator alloc() {
        return handler.alloc();
    }

    ByteBuf body() {
        return request.content();
    }

    /** The usim-https query, read once; its slot is then this request's. */
    UsimHttpsQuery usim() throws MalformedRequestException {
        if (usim == null) {
            usim = UsimHttpsQuery.parse(query, service().defaultSlot());
            slot = usim.slot();
        }
        return usim;
    }

    /** Writes the audit line, once; {@link #outcome}, else the answer's status in a word. */
    void audit(String protocol, String peer, HttpResponseStatus status) {
        audited = false;
        AuditTrail.record(protocol, peer, client, auditSlot, operation, outcome != null ? outcome : outcome(status),
                System.nanoTime() - arrivedNanos);
    }

    /** An answer's outcome in a word, for the audit line, where the path did not name a better one. */
    private static String outcome(HttpResponseStatus status) {
        return switch (status.code()) {
            case 200 -> "ok";
            case 400 -> "bad-request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 413 -> "too-large";
            case 429 -> "throttled";
            case 503 -> "unavailable";
            default -> "status-" + status.code();
        };
    }

    /** Answers now. */
    void answer(FullHttpResponse response) {
        handler.answer(this, response);
    }

    RestHandler handler() {
        return handler;
    }

    /** Called on the event loop; the answer follows on the event loop whatever thread completes. */
    @SuppressWarnings("unchecked")
    <T> void await(CompletableFuture<T> future, Encoder<? super T> encoder) {
        this.encoder = (Encoder<Object>) encoder;
        this.direct = future.isDone();
        future.whenComplete(this);
    }

    @Override
    public void accept(Object result, Throwable failure) {
        this.result = result;
        this.failure = failure;
        if (direct) {
            run();
        } else {
            handler.executor().execute(this);
        }
    }

    @Override
    public void run() {
        Object result = this.result;
        Throwable failure = this.failure;
        this.result = null;
        this.failure = null;
        handler.completed(this, result, failure);
    }
}
