package org.simgate.protocol.rest;

import static io.netty.handler.codec.http.HttpHeaderNames.CONNECTION;
import static io.netty.handler.codec.http.HttpHeaderValues.CLOSE;
import static io.netty.handler.codec.http.HttpHeaderValues.KEEP_ALIVE;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.simgate.protocol.OrderedAnswers;
import org.simgate.service.Application;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.CardInfo;
import org.simgate.service.SimService;
import org.simgate.service.SlotException;
import org.simgate.service.SubscriptionConcealedIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each aggregated request into a {@link SimService} call and its result into a response.
 * Card work never runs here: the service answers with a future that completes on a slot thread,
 * and the answer is encoded and written back on this channel's event loop.
 *
 * <p>A keep-alive client may pipeline requests; HTTP/1.1 requires the answers in request order
 * even when a later request's slot is faster: {@link OrderedAnswers} keeps them in order and
 * stops reading while {@code maxInFlight} are owed or the client does not read what we write.
 *
 * <p>Nothing of a request (hex, keys, bodies) is ever logged or put into an error message.
 */
final class RestHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RestHandler.class);

    private final SimService service;
    private final int maxInFlight;
    private ChannelHandlerContext ctx;
    /** A request without keep-alive stops taking more: answer up to it, then close; later ones are dropped. */
    private OrderedAnswers<PendingResponse, FullHttpResponse> answers;

    RestHandler(SimService service, int maxInFlight) {
        this.service = service;
        this.maxInFlight = maxInFlight;
    }

    EventExecutor executor() {
        return ctx.executor();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.answers = new OrderedAnswers<>(ctx, maxInFlight, RestHandler::prepare, reading -> { });
    }

    /** HTTP's part of writing an answer: the request's version, and whether the connection stays. */
    private static void prepare(PendingResponse pending, FullHttpResponse response) {
        response.setProtocolVersion(pending.version);
        if (pending.closesAfter()) {
            response.headers().set(CONNECTION, CLOSE);
        } else if (!pending.version.isKeepAliveDefault()) {
            response.headers().set(CONNECTION, KEEP_ALIVE);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        answers.burstStarted();
        if (msg instanceof FullHttpRequest request) {
            try {
                onRequest(request);
            } finally {
                request.release();
            }
        } else if (msg instanceof OversizedRequest oversized) {
            if (!answers.isClosing()) {
                // Close after the 413: the unread rest of the body may be large, not worth draining.
                answer(owe(oversized.version(), false), RestResponses.tooLarge(ctx.alloc(), oversized.maxBodyBytes()));
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        answers.burstEnded();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        answers.writabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            // an idle keep-alive connection, or a client that stopped halfway through a request
            answers.idle();
            return;
        }
        if (evt instanceof ChannelInputShutdownEvent) {
            answers.inputShutdown();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        answers.inactive();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Requests' own failures are answered in onRequest; what arrives here is the connection's
        // (reset by peer, TLS handshake) and ends it.
        if (LOG.isDebugEnabled()) {
            LOG.debug("closing REST connection {}: {}", ctx.channel().remoteAddress(), cause.getClass().getSimpleName()); // the message may quote what the client sent
        }
        ctx.close();
    }

    private void onRequest(FullHttpRequest request) {
        if (answers.isClosing()) {
            return;
        }
        ByteBufAllocator alloc = ctx.alloc();
        if (request.decoderResult().isFailure()) {
            // The decoder's stand-in request says HTTP/1.0; the client's real version is unknown.
            answer(owe(HttpVersion.HTTP_1_1, false),
                    RestResponses.error(alloc, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request"));
            return;
        }
        PendingResponse pending = owe(request.protocolVersion(), HttpUtil.isKeepAlive(request));
        try {
            dispatch(request, pending);
        } catch (MalformedRequestException e) {
            answer(pending, RestResponses.error(alloc, HttpResponseStatus.BAD_REQUEST, e.getMessage()));
        } catch (IOException e) {
            // Jackson's message quotes the body, so the client gets a fixed one.
            answer(pending, RestResponses.error(alloc, HttpResponseStatus.BAD_REQUEST, "malformed JSON body"));
        } catch (SlotException e) {
            answer(pending, RestResponses.slotFailure(alloc, e));
        } catch (RuntimeException e) {
            LOG.warn("REST request failed unexpectedly", e);
            answer(pending, RestResponses.internalError(alloc));
        }
    }

    private void dispatch(FullHttpRequest request, PendingResponse pending)
            throws IOException, MalformedRequestException {
        ByteBufAllocator alloc = ctx.alloc();
        RequestTarget target = RequestTarget.parse(request.uri());
        if (target == null) {
            answer(pending, RestResponses.error(alloc, HttpResponseStatus.NOT_FOUND, "no such resource"));
            return;
        }
        Endpoint endpoint = target.endpoint();
        if (!endpoint.accepts(request.method())) {
            answer(pending, RestResponses.methodNotAllowed(alloc, endpoint));
            return;
        }
        int slot = target.slot();
        if (slot == RequestTarget.BAD_SLOT) {
            throw new MalformedRequestException("bad slot number");
        }
        switch (endpoint) {
            case SIM_AUTH -> pending.await(PendingResponse.Reply.AUTH,
                    service.authenticate(slot, RequestBodies.authRequest(request.content())));
            case SIM_INFO -> pending.await(PendingResponse.Reply.INFO, service.info(slot));
            case SUCI -> pending.await(PendingResponse.Reply.SUCI, service.suci(slot, SuciQuery.parse(target.query())));
            case APDU -> pending.await(PendingResponse.Reply.APDUS,
                    service.transmit(slot, RequestBodies.apdus(request.content())));
            case USIM_HTTPS -> usimHttps(UsimHttpsQuery.parse(target.query(), service.defaultSlot()), pending);
            case HEALTH -> answer(pending, RestResponses.health(alloc));
            case SLOTS -> answer(pending, RestResponses.slots(alloc, service.slots()));
            default -> throw new IllegalStateException("unrouted endpoint " + endpoint);
        }
    }

    private void usimHttps(UsimHttpsQuery query, PendingResponse pending) {
        switch (query.type()) {
            case IMSI -> pending.await(PendingResponse.Reply.USIM_IMSI, service.info(query.slot()));
            case RAND_AUTN -> pending.await(PendingResponse.Reply.USIM_AUTH, service.authenticate(query.slot(),
                    new AuthRequest(Application.USIM, query.rand(), query.autn())));
            case APDU -> pending.await(PendingResponse.Reply.USIM_APDU,
                    service.transmit(query.slot(), List.of(query.apdu())));
            default -> throw new IllegalStateException("unrouted usim-https type " + query.type());
        }
    }

    /** The service's future completed; runs on the event loop. */
    void completed(PendingResponse pending, Object result, Throwable failure) {
        if (answers.isDone()) {
            return;
        }
        FullHttpResponse response;
        try {
            response = failure == null ? encode(pending.reply, result) : failure(failure);
        } catch (RuntimeException e) {
            LOG.warn("could not encode the answer of a REST request", e);
            response = RestResponses.internalError(ctx.alloc());
        }
        answer(pending, response);
    }

    @SuppressWarnings("unchecked")
    private FullHttpResponse encode(PendingResponse.Reply reply, Object result) {
        ByteBufAllocator alloc = ctx.alloc();
        return switch (reply) {
            case AUTH -> RestResponses.authResult(alloc, (AuthResult) result);
            case INFO -> RestResponses.cardInfo(alloc, (CardInfo) result);
            case SUCI -> RestResponses.suci(alloc, (SubscriptionConcealedIdentifier) result);
            case APDUS -> RestResponses.apduResponses(alloc, (List<byte[]>) result);
            case USIM_IMSI -> UsimHttpsResponses.imsi(alloc, ((CardInfo) result).imsi());
            case USIM_AUTH -> UsimHttpsResponses.authResult(alloc, (AuthResult) result);
            case USIM_APDU -> {
                List<byte[]> responses = (List<byte[]>) result;
                if (responses.size() != 1 || responses.get(0).length < 2) {
                    yield RestResponses.slotFailure(alloc, new SlotException(SlotException.Kind.CARD_PROTOCOL,
                            "card answer has no status word"));
                }
                yield UsimHttpsResponses.apdu(alloc, responses.get(0));
            }
        };
    }

    private FullHttpResponse failure(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof SlotException slotFailure) {
            return RestResponses.slotFailure(ctx.alloc(), slotFailure);
        }
        LOG.warn("SimService failed unexpectedly", cause);
        return RestResponses.internalError(ctx.alloc());
    }

    private PendingResponse owe(HttpVersion version, boolean keepAlive) {
        PendingResponse pending = answers.owe(new PendingResponse(this, version, keepAlive));
        if (!keepAlive) {
            answers.stopTaking();
        }
        return pending;
    }

    private void answer(PendingResponse pending, FullHttpResponse response) {
        answers.ready(pending, response);
    }
}
