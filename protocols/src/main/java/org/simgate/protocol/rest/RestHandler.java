package org.simgate.protocol.rest;

import static io.netty.handler.codec.http.HttpHeaderNames.CONNECTION;
import static io.netty.handler.codec.http.HttpHeaderValues.CLOSE;
import static io.netty.handler.codec.http.HttpHeaderValues.KEEP_ALIVE;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.util.concurrent.Executor;
import org.simgate.protocol.HttpAuthentication;
import org.simgate.protocol.OrderedAnswers;
import org.simgate.protocol.PipelinedRequestHandler;
import org.simgate.protocol.RouteTable;
import org.simgate.protocol.SlowWork;
import org.simgate.protocol.VerificationThreads;
import org.simgate.security.access.Operation;
import org.simgate.security.audit.AuditTrail;
import org.simgate.service.AucException;
import org.simgate.service.AucService;
import org.simgate.service.AuthResult;
import org.simgate.service.Outcome;
import org.simgate.service.SimService;
import org.simgate.service.SlotException;
import org.simgate.service.SlotStatus;
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
 * <p>Requests are routed by {@link RestRoutes}' table. With {@code simgate.auth.required}, a
 * routed request passes the {@link HttpAuthentication} stage for its route's operation before the
 * service hears of it (a refusal is 401, 403 or 429 and reaches no card; a P-384 signature is
 * verified off the event loop, its answer still in request order). Every request then gets one
 * audit line ({@link AuditTrail}) when it is answered.
 *
 * <p>Nothing of a request (hex, keys, bodies, signatures) is ever logged or put into an error message.
 */
final class RestHandler extends PipelinedRequestHandler<PendingResponse, FullHttpResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(RestHandler.class);

    private static final String PROTOCOL = "rest";

    private final SimService service;
    private final int maxInFlight;
    /** Null when the listener serves every request ({@code simgate.auth.required = false}): then nothing is audited either. */
    /**
     * The card id an unknown IMSI is checked under: in the subscribers' range (reached only by a
     * client allowed every slot) and never given to a card.
     */
    private static final int UNKNOWN_SUBSCRIBER = Integer.MAX_VALUE;
    private final HttpAuthentication authentication;
    /** The listener's scheme, the start of every signed target URI. */
    private final String scheme;
    private final RouteTable<RestRoute> routes;
    /** Null without device registration: the finalize path is then unknown (404). */
    private final DeviceFinalization finalization;
    /** Where slow verifications run: {@link VerificationThreads} (tests: directly). */
    private final Executor offLoop;
    /** The AuC of the vector API; null: /auc-api answers 404. */
    private AucService auc;
    private ChannelHandlerContext ctx;
    /** Where a device's finalization runs. */
    private SlowWork slow;
    private HttpAuthentication.Connection guard;
    /** The peer as this connection's audit lines name it. */
    private String auditPeer;

    RestHandler(SimService service, int maxInFlight) {
        this(service, maxInFlight, null, "http", null, VerificationThreads.executor());
    }

    RestHandler(SimService service, int maxInFlight, HttpAuthentication authentication, String scheme,
                DeviceFinalization finalization, Executor offLoop) {
        this.service = service;
        this.maxInFlight = maxInFlight;
        this.authentication = authentication;
        this.scheme = scheme;
        this.finalization = finalization;
        this.routes = finalization == null ? RestRoutes.WITHOUT_DEVICES : RestRoutes.WITH_DEVICES;
        this.offLoop = offLoop;
    }

    SimService service() {
        return service;
    }

    /** Serves the vector API with this AuC. */
    RestHandler withAuc(AucService auc) {
        this.auc = auc;
        return this;
    }

    /** The AuC of the vector API; null when the gateway runs none. */
    AucService auc() {
        return auc;
    }

    ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    EventExecutor executor() {
        return ctx.executor();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.answers = new OrderedAnswers<>(ctx, maxInFlight, RestHandler::prepare, reading -> { });
        this.slow = new SlowWork(ctx, offLoop);
        if (authentication != null) {
            this.guard = authentication.on(ctx, scheme, offLoop);
        }
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
        if (request.decoderResult().isFailure()) {
            // The decoder's stand-in request says HTTP/1.0; the client's real version is unknown.
            answer(owe(HttpVersion.HTTP_1_1, false),
                    RestResponses.error(ctx.alloc(), HttpResponseStatus.BAD_REQUEST, "malformed HTTP request"));
            return;
        }
        PendingResponse pending = owe(request.protocolVersion(), HttpUtil.isKeepAlive(request));
        run(pending, () -> route(request, pending));
    }

    /** One step of a request's handling; what it throws is answered in the protocol's terms. */
    @FunctionalInterface
    private interface Step {
        void run() throws IOException, MalformedRequestException;
    }

    private void run(PendingResponse pending, Step step) {
        ByteBufAllocator alloc = ctx.alloc();
        try {
            step.run();
        } catch (MalformedRequestException e) {
            answer(pending, RestResponses.error(alloc, HttpResponseStatus.BAD_REQUEST, e.getMessage()));
        } catch (IOException e) {
            // Jackson's message quotes the body, so the client gets a fixed one.
            answer(pending, RestResponses.error(alloc, HttpResponseStatus.BAD_REQUEST, "malformed JSON body"));
        } catch (SlotException e) {
            answer(pending, slotFailure(pending, e));
        } catch (RuntimeException e) {
            LOG.warn("REST request failed unexpectedly", e);
            answer(pending, RestResponses.internalError(alloc));
        }
    }

    /** Unknown path 404, wrong method 405, bad slot number 400; then the guard, when there is one. */
    private void route(FullHttpRequest request, PendingResponse pending) throws IOException, MalformedRequestException {
        ByteBufAllocator alloc = ctx.alloc();
        RouteTable.Route<RestRoute> route = RestRoutes.find(routes, request.method(), request.uri(), pending);
        if (route == null) {
            answer(pending, RestResponses.error(alloc, HttpResponseStatus.NOT_FOUND, "no such resource"));
            return;
        }
        if (!route.accepts(request.method())) {
            answer(pending, RestResponses.methodNotAllowed(alloc, route.allow()));
            return;
        }
        if (pending.slot == RouteTable.BAD_SLOT) {
            throw new MalformedRequestException(pending.imsi != null ? "bad IMSI (6 to 15 digits)" : "bad slot number");
        }
        if (pending.imsi != null) {
            // a subscriber's card by IMSI: its id stands for the slot from here on, for the guard too
            SlotStatus card = service.subscriberCard(pending.imsi);
            if (card == null && (route.value().guard() == null || guard == null)) {
                answer(pending, noSubscriber(pending));
                return;
            }
            // an unknown IMSI is said only to a client allowed every subscriber card: others hear 401/403, so
            // no one without credentials learns which IMSIs exist
            pending.slot = card != null ? card.id() : UNKNOWN_SUBSCRIBER;
        }
        pending.route = route;
        RestRoute.Guard operationOf = route.value().guard();
        if (guard == null || operationOf == null) {
            serve(request, pending);
            return;
        }
        // the query is read before the signature: a malformed one is a 400 whoever sent it
        pending.auditSlot = pending.slot;
        Operation operation = operationOf.operation(pending);
        pending.operation = operation.configName();
        pending.auditSlot = pending.slot;
        guard.check(request, pending.slot, operation, pending.operation, verdict -> {
            if (!answers.isDone()) {
                run(pending, () -> decided(request, pending, verdict));
            }
        });
    }

    private void serve(FullHttpRequest request, PendingResponse pending) throws IOException, MalformedRequestException {
        pending.request = request;
        try {
            pending.route.value().handler().serve(pending);
        } finally {
            pending.request = null;
        }
    }

    /** Serves an allowed request, or answers its refusal: the client hears the same 401 whatever failed. */
    private void decided(FullHttpRequest request, PendingResponse pending, HttpAuthentication.Verdict verdict)
            throws IOException, MalformedRequestException {
        if (verdict instanceof HttpAuthentication.Allowed allowed) {
            pending.client = allowed.client();
            if (pending.slot == UNKNOWN_SUBSCRIBER) {
                answer(pending, noSubscriber(pending));
                return;
            }
            serve(request, pending);
            return;
        }
        HttpAuthentication.Refused refused = (HttpAuthentication.Refused) verdict;
        pending.client = refused.client();
        pending.outcome = switch (refused.refusal()) {
            case UNAUTHENTICATED -> "unauthenticated:" + refused.reason(); // the operator's, on the audit line
            case NONCES -> "throttled:nonces"; // this key's share of the nonce cache is full: it alone waits
            case VERIFICATIONS_WAITING -> "throttled:verifications";
            case VERIFIERS_BUSY -> "busy";
            case FORBIDDEN, AKA_RATE_LIMIT, FAILED -> null; // the status says it
        };
        answer(pending, RestResponses.refusal(ctx.alloc(), refused));
    }

    private FullHttpResponse noSubscriber(PendingResponse pending) {
        return RestResponses.error(ctx.alloc(), HttpResponseStatus.NOT_FOUND, "no subscriber " + pending.imsi);
    }

    /** The finalize request's signature, passphrase hash and file write run off the event loop. */
    void finalizeDevice(PendingResponse pending) {
        pending.operation = "device-finalize";
        byte[] body = ByteBufUtil.getBytes(pending.body());
        SlowWork.Refusal refusal = slow.submit(null, () -> finalization.finalize(body), null, (result, failure) -> {
            if (!answers.isDone()) {
                run(pending, () -> {
                    if (failure != null) {
                        throw new IllegalStateException("device finalization failed", failure);
                    }
                    pending.client = result.client();
                    pending.outcome = result.outcome();
                    answer(pending, RestResponses.json(HttpResponseStatus.valueOf(result.status()),
                            Unpooled.wrappedBuffer(result.json())));
                });
            }
        });
        if (refusal == SlowWork.Refusal.WAITING) {
            pending.outcome = "throttled:verifications";
            answer(pending, RestResponses.tooManyVerifications(ctx.alloc()));
        } else if (refusal == SlowWork.Refusal.BUSY) {
            pending.outcome = "busy";
            answer(pending, RestResponses.verificationBusy(ctx.alloc()));
        }
    }

    /** The service's future completed; runs on the event loop. */
    void completed(PendingResponse pending, Object result, Throwable failure) {
        if (answers.isDone()) {
            return;
        }
        FullHttpResponse response;
        try {
            response = failure == null ? encode(pending, result) : failure(pending, failure);
        } catch (SlotException e) {
            response = slotFailure(pending, e); // the encoder's: the card's answer does not make one
        } catch (RuntimeException e) {
            LOG.warn("could not encode the answer of a REST request", e);
            response = RestResponses.internalError(ctx.alloc());
        }
        answer(pending, response);
    }

    private FullHttpResponse encode(PendingResponse pending, Object result) {
        if (pending.audited && result instanceof AuthResult auth && !(auth instanceof AuthResult.Success)) {
            pending.outcome = Outcome.ofAnswer(auth).auditWord();
        }
        return pending.encoder.encode(ctx.alloc(), result);
    }

    private FullHttpResponse failure(PendingResponse pending, Throwable failure) {
        Throwable cause = Outcome.cause(failure);
        if (cause instanceof SlotException slotFailure) {
            return slotFailure(pending, slotFailure);
        }
        if (cause instanceof AucException aucFailure) {
            pending.outcome = aucFailure.kind().name().toLowerCase(java.util.Locale.ROOT);
            return AucVectorWire.failure(ctx.alloc(), aucFailure);
        }
        LOG.warn("SimService failed unexpectedly", cause);
        return RestResponses.internalError(ctx.alloc());
    }

    private FullHttpResponse slotFailure(PendingResponse pending, SlotException failure) {
        if (pending.audited) {
            pending.outcome = Outcome.of(failure.kind()).auditWord();
        }
        return RestResponses.slotFailure(ctx.alloc(), failure);
    }

    private PendingResponse owe(HttpVersion version, boolean keepAlive) {
        PendingResponse pending = answers.owe(new PendingResponse(this, version, keepAlive));
        if (authentication != null) {
            pending.audited = true;
            pending.arrivedNanos = System.nanoTime();
        }
        if (!keepAlive) {
            answers.stopTaking();
        }
        return pending;
    }

    void answer(PendingResponse pending, FullHttpResponse response) {
        if (pending.audited) {
            if (auditPeer == null) {
                auditPeer = AuditTrail.peerText(ctx.channel().remoteAddress()); // once a connection
            }
            pending.audit(PROTOCOL, auditPeer, response.status());
        }
        answers.ready(pending, response);
    }
}
