package org.simgate.protocol.rest;

import static io.netty.handler.codec.http.HttpHeaderNames.CONNECTION;
import static io.netty.handler.codec.http.HttpHeaderValues.CLOSE;
import static io.netty.handler.codec.http.HttpHeaderValues.KEEP_ALIVE;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFutureListener;
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
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
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
 * even when a later request's slot is faster, so answers wait in {@link #owed} until all earlier
 * ones are written. With {@code maxInFlight} answers owed the connection stops reading until
 * some go out, and it also stops while the client does not read what we write.
 *
 * <p>Nothing of a request (hex, keys, bodies) is ever logged or put into an error message.
 */
final class RestHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RestHandler.class);

    private final SimService service;
    private final int maxInFlight;
    private final ArrayDeque<PendingResponse> owed = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    /** Inside a read burst: answers ready now are flushed once, at channelReadComplete. */
    private boolean reading;
    private boolean flushLater;
    /** A request without keep-alive arrived: answer up to it, then close; later ones are dropped. */
    private boolean closing;
    private boolean inactive;

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
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reading = true;
        if (msg instanceof FullHttpRequest request) {
            try {
                onRequest(request);
            } finally {
                request.release();
            }
        } else if (msg instanceof OversizedRequest oversized) {
            if (!closing) {
                // Close after the 413: the unread rest of the body may be large, not worth draining.
                answer(owe(oversized.version(), false), RestResponses.tooLarge(ctx.alloc(), oversized.maxBodyBytes()));
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        reading = false;
        if (flushLater) {
            flushLater = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        updateReading();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            // Silent while we owe nothing: an idle keep-alive connection or a client that stopped
            // halfway through a request. While we owe answers the wait is ours, not the client's.
            if (owed.isEmpty()) {
                ctx.close();
            }
            return;
        }
        if (evt instanceof ChannelInputShutdownEvent) {
            // The client sent all it will: answer what is owed, then close.
            closing = true;
            PendingResponse last = owed.peekLast();
            if (last == null) {
                ctx.close();
            } else {
                last.keepAlive = false;
            }
            updateReading();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        inactive = true;
        for (PendingResponse pending : owed) {
            if (pending.response != null) {
                pending.response.release();
                pending.response = null;
            }
        }
        owed.clear();
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
        if (closing) {
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
        if (inactive) {
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
        PendingResponse pending = new PendingResponse(this, version, keepAlive);
        owed.addLast(pending);
        if (!keepAlive) {
            closing = true;
        }
        updateReading();
        return pending;
    }

    private void answer(PendingResponse pending, FullHttpResponse response) {
        if (inactive || pending.written || pending.response != null) {
            response.release();
            return;
        }
        pending.response = response;
        if (owed.peekFirst() == pending) {
            writeReady();
        }
    }

    /** Writes the answers at the head of the queue that are ready, in order. */
    private void writeReady() {
        boolean wrote = false;
        PendingResponse head;
        while ((head = owed.peekFirst()) != null && head.response != null) {
            owed.pollFirst();
            FullHttpResponse response = head.response;
            head.response = null;
            head.written = true;
            response.setProtocolVersion(head.version);
            if (!head.keepAlive) {
                response.headers().set(CONNECTION, CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            if (!head.version.isKeepAliveDefault()) {
                response.headers().set(CONNECTION, KEEP_ALIVE);
            }
            ctx.write(response, ctx.voidPromise());
            wrote = true;
        }
        if (wrote) {
            if (reading) {
                flushLater = true;
            } else {
                ctx.flush();
            }
        }
        updateReading();
    }

    /** Reads only while the connection may take more requests and the client reads our answers. */
    private void updateReading() {
        Channel channel = ctx.channel();
        boolean wanted = !closing && owed.size() < maxInFlight && channel.isWritable();
        ChannelConfig config = channel.config();
        if (config.isAutoRead() != wanted) {
            config.setAutoRead(wanted);
        }
    }
}
