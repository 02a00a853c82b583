package org.simgate.protocol.rest;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * One request's place in its connection's answer order. It is also the callback of the service's
 * future and the task that brings the result back to the event loop, so a card request costs one
 * object here, not a chain of lambdas.
 */
final class PendingResponse implements BiConsumer<Object, Throwable>, Runnable {

    /** How the service's result is to be encoded once it arrives. */
    enum Reply { AUTH, INFO, SUCI, APDUS, USIM_IMSI, USIM_AUTH, USIM_APDU }

    final HttpVersion version;
    /** False also when the client has shut its side after this request. */
    boolean keepAlive;
    private final RestHandler handler;

    Reply reply;
    /** Set on the event loop when the answer is ready; written once all earlier ones are. */
    FullHttpResponse response;
    boolean written;

    /** The future was complete before we subscribed, so the callback runs on the event loop. */
    private boolean direct;
    private Object result;
    private Throwable failure;

    PendingResponse(RestHandler handler, HttpVersion version, boolean keepAlive) {
        this.handler = handler;
        this.version = version;
        this.keepAlive = keepAlive;
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
