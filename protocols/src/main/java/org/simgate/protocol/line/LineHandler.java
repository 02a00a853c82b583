package org.simgate.protocol.line;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import java.util.Collections;
import java.util.List;
import org.simgate.protocol.OrderedAnswers;
import org.simgate.protocol.PipelinedRequestHandler;
import org.simgate.protocol.RefusalLog;
import org.simgate.security.audit.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each request and writes its answer. Card work never runs here: {@link RequestRunner} hands
 * it to the slot's thread, and the result comes back to this channel's event loop to be encoded.
 *
 * <p>A client may send requests ahead; {@link OrderedAnswers} writes the answers in request order
 * and stops reading while {@code maxPipelined} are owed or the client does not read what is
 * written. The decoder is paused with it and keeps the rest as bytes: a client cannot make the
 * gateway hold more than a bounded amount for it.
 *
 * <p>Nothing of a request or an answer (hex, RES, keys) is ever logged.
 */
final class LineHandler extends PipelinedRequestHandler<LineHandler.Owed, ByteBuf> {
    private static final Logger LOG = LoggerFactory.getLogger(LineHandler.class);
    /** A web page can post here again and again: one INFO line a minute at most. */
    private static final RefusalLog HTTP_REFUSALS = new RefusalLog(LOG);

    /** One request's place in the answer order. */
    static final class Owed extends OrderedAnswers.Owed<ByteBuf> {
    }

    private final RequestRunner runner;
    private final RequestDecoder decoder;
    private final int maxPipelined;
    /** Null unless the listener requires authentication. */
    private final LineGuard guard;
    private ChannelHandlerContext ctx;

    LineHandler(RequestRunner runner, RequestDecoder decoder, int maxPipelined) {
        this(runner, decoder, maxPipelined, null);
    }

    LineHandler(RequestRunner runner, RequestDecoder decoder, int maxPipelined, LineGuard guard) {
        this.runner = runner;
        this.decoder = decoder;
        this.maxPipelined = maxPipelined;
        this.guard = guard;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.answers = new OrderedAnswers<>(ctx, maxPipelined, (owed, answer) -> { }, reading -> {
            if (reading) {
                decoder.resume();
            } else {
                decoder.pause();
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        answers.burstStarted();
        if (answers.isClosing()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof Request.Http) {
            // once per connection: the decoder reads nothing after it. Never the content: it is a web page's
            HTTP_REFUSALS.refused("line protocol: closed a connection from {} that sent an HTTP request "
                    + "(a web page in a browser?)", ctx.channel().remoteAddress());
            answers.stopTaking();
            ctx.close();
        } else if (msg instanceof Request.Authenticate auth) {
            authenticate(auth);
        } else if (msg instanceof Request.Commands request) {
            if (guard != null && !admitted()) {
                return;
            }
            Owed slot = answers.owe(new Owed());
            try {
                runner.run(request).whenComplete((results, failure) -> {
                    if (ctx.executor().inEventLoop()) {
                        completed(slot, request, results, failure);
                    } else {
                        ctx.executor().execute(() -> completed(slot, request, results, failure));
                    }
                });
            } catch (RuntimeException e) {
                completed(slot, request, null, e);
            }
        } else if (msg instanceof Request.Unreadable refused) {
            Owed slot = answers.owe(new Owed());
            if (refused.close()) {
                slot.closeAfter();
                answers.stopTaking();
            }
            answers.ready(slot, AnswerEncoder.refusal(ctx.alloc(), refused.error(), refused.reason()));
        } else {
            ReferenceCountUtil.release(msg);
        }
    }





    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // requests' own failures are answered; what arrives here is the connection's (reset by peer)
        ctx.close();
    }

    /**
     * Verifies an AUTH line: {@code >AUTH:OK}; or C085, C086 for a client that may use no slot
     * here, C087:&lt;seconds&gt; for a key over its share of the nonce cache (after the last
     * allowed C085 or C086, close).
     */
    private void authenticate(Request.Authenticate auth) {
        Owed slot = answers.owe(new Owed());
        LineGuard.Attempt attempt = guard.authenticate(auth.line());
        switch (attempt) {
            case ACCEPTED -> answers.ready(slot, AnswerEncoder.authenticated(ctx.alloc()));
            case THROTTLED -> answers.ready(slot, AnswerEncoder.refusal(ctx.alloc(), ErrorCode.THROTTLED,
                    Long.toString(guard.retryAfterSeconds())));
            case FORBIDDEN, FORBIDDEN_AND_CLOSED -> {
                closeAfterIf(slot, attempt == LineGuard.Attempt.FORBIDDEN_AND_CLOSED);
                answers.ready(slot, AnswerEncoder.refusal(ctx.alloc(), ErrorCode.FORBIDDEN, "this client may use no reader here"));
            }
            case REFUSED, REFUSED_AND_CLOSED -> {
                closeAfterIf(slot, attempt == LineGuard.Attempt.REFUSED_AND_CLOSED);
                answers.ready(slot, AnswerEncoder.unauthenticated(ctx.alloc()));
            }
        }
    }

    private void closeAfterIf(Owed slot, boolean close) {
        if (close) {
            slot.closeAfter();
            answers.stopTaking();
        }
    }

    /**
     * Whether the connection may run a request now; if not, the request is answered C085 and
     * nothing of it reaches a card. A connection whose key went away is closed after that answer.
     */
    private boolean admitted() {
        LineGuard.Standing standing = guard.standing();
        if (standing == LineGuard.Standing.AUTHENTICATED) {
            return true;
        }
        Owed slot = answers.owe(new Owed());
        if (standing == LineGuard.Standing.REVOKED) {
            slot.closeAfter();
            answers.stopTaking();
        } else {
            guard.audit(AuditTrail.NO_SLOT, "request", "unauthenticated", -1);
        }
        answers.ready(slot, AnswerEncoder.unauthenticated(ctx.alloc()));
        return false;
    }

    /** The request's results arrived; runs on the event loop. */
    private void completed(Owed slot, Request.Commands request, List<String> results, Throwable failure) {
        if (answers.isDone()) {
            return;
        }
        if (results == null || results.size() != request.commands().size()) {
            // RequestRunner turns every slot failure into codes; this is a bug in simgate
            LOG.warn("line protocol: a request failed unexpectedly", failure);
            results = Collections.nCopies(request.commands().size(), ErrorCode.FAILURE.code());
        }
        answers.ready(slot, AnswerEncoder.answer(ctx.alloc(), request.commands(), results));
    }
}
