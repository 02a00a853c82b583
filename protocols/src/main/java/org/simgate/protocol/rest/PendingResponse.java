package org.simgate.protocol.rest;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.simgate.protocol.OrderedAnswers;
import org.simgate.security.audit.AuditTrail;

/**
 * One request's place in its connection's answer order. It is also the callback of the service's
 * future and the task that brings the result back to the event loop, so a card request costs one
 * object here, not a chain of lambdas.
 */
final class PendingResponse extends OrderedAnswers.Owed<FullHttpResponse>
        implements BiConsumer<Object, Throwable>, Runnable {

    /** How the service's result is to be encoded once it arrives. */
    enum Reply { AUTH, INFO, SUCI, APDUS, USIM_IMSI, USIM_AUTH, USIM_APDU, AUC_VECTOR }

    final HttpVersion version;
    private final RestHandler handler;

    Reply reply;

    /**
     * The audit line's fields, for a listener that guards its requests ({@code audited}); the
     * handler fills them in as it learns them and writes the line with the answer.
     */
    boolean audited;
    long arrivedNanos;
    String client;
    String operation = "-";
    int slot = AuditTrail.NO_SLOT;
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

    /** Called on the event loop; the answer follows on the event loop whatever thread completes. */
    void await(Reply reply, CompletableFuture<?> future) {
        this.reply = reply;
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
