package org.simgate.protocol.management;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.simgate.protocol.OrderedAnswers;
import org.simgate.protocol.RouteTable;
import org.simgate.service.AdminService;
import org.simgate.service.Outcome;

/**
 * One management request: its place in the connection's answer order, what its route's handler
 * method ({@link ManagementRoutes}) reads, and how it answers — at once, or when a future completes,
 * back on the event loop. Every answer gets its audit line here.
 */
final class ManagementExchange extends OrderedAnswers.Owed<FullHttpResponse> {

    /** What a handler does with a future's result on the event loop; {@code cause} is unwrapped. */
    @FunctionalInterface
    interface Completion<T> {
        void done(ManagementExchange request, T result, Throwable cause);
    }

    private final ManagementHandler handler;
    final HttpVersion version;
    final boolean keepAlive;
    final boolean head;
    final long started = System.nanoTime();

    RouteTable.Route<ManagementRoute> route;
    /** The path's slot, or {@link RouteTable#NO_SLOT}. */
    int slot = RouteTable.NO_SLOT;
    /** The path's serial or key id, for the device routes. */
    String name;
    /** The authenticated client; null when authentication is off or for a probe. */
    String client;
    String keyId;
    /** Taken before the signature was checked: a key ended since then closes an event stream it opens. */
    long mark;
    /** The request, while its handling reads it. */
    FullHttpRequest request;
    /** The reference to the request this exchange holds until its handling is done (an authentication stage may hold another). */
    private FullHttpRequest held;

    ManagementExchange(ManagementHandler handler, HttpVersion version, boolean keepAlive, boolean head) {
        this.handler = handler;
        this.version = version;
        this.keepAlive = keepAlive;
        this.head = head;
        if (!keepAlive) {
            closeAfter();
        }
    }

    ManagementRoute value() {
        return route.value();
    }

    ManagementHandler handler() {
        return handler;
    }

    AdminService admin() {
        return handler.admin();
    }

    /** The clients whose registrations and devices this request may act on. */
    Predicate<String> manages() {
        return handler.manages(client);
    }

    /** Answers now; the audit line's outcome is the status's. */
    void answer(FullHttpResponse response) {
        answer(response, ManagementHandler.outcome(response.status()));
    }

    void answer(FullHttpResponse response, String outcome) {
        handler.audit(this, outcome, false);
        handler.answer(this, response);
    }

    /** Answers once {@code future} completes, back on the event loop: {@code then} decides how. */
    <T> void await(CompletableFuture<T> future, Completion<T> then) {
        future.whenComplete((result, failure) -> {
            try {
                handler.executor().execute(() -> then.done(this, result, Outcome.cause(failure)));
            } catch (RejectedExecutionException e) {
                // the event loop is shutting down, and the connection with it
            }
        });
    }

    /** Calls the service; a call that throws is a failed future. */
    static <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The request was read, or never will be. */
    void hold(FullHttpRequest request) {
        this.request = request;
        this.held = request;
    }

    void releaseRequest() {
        if (held != null) {
            held.release();
            held = null;
        }
    }

    @Override
    protected void discarded() {
        releaseRequest();
    }
}
