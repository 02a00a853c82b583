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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.simgate.protocol.ClientCertificate;
import org.simgate.protocol.OrderedAnswers;
import org.simgate.protocol.PipelinedRequestHandler;
import org.simgate.protocol.SignedHttpRequest;
import org.simgate.protocol.VerificationLimits;
import org.simgate.protocol.VerificationThreads;
import org.simgate.security.SignableRequest;
import org.simgate.security.Verification;
import org.simgate.security.access.Operation;
import org.simgate.security.audit.AuditTrail;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.CardInfo;
import org.simgate.service.Outcome;
import org.simgate.service.SimService;
import org.simgate.service.SlotException;
import org.simgate.service.SlotStatus;
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
 * <p>With {@code simgate.auth.required} (a {@link RequestGuard}), a routed request is
 * authenticated (a verified client certificate, else its RFC 9421 signature), authorized for its
 * operation and slot, and for AKA rate limited before the service hears of it; a refusal is 401,
 * 403 or 429 and reaches no card. Every request then gets one audit line ({@link AuditTrail}) when
 * it is answered. A P-384 signature is verified on {@link VerificationThreads}, its answer still
 * in request order.
 *
 * <p>Nothing of a request (hex, keys, bodies, signatures) is ever logged or put into an error message.
 */
final class RestHandler extends PipelinedRequestHandler<PendingResponse, FullHttpResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(RestHandler.class);

    private static final String PROTOCOL = "rest";

    private final SimService service;
    private final int maxInFlight;
    /** Null when the listener serves every request ({@code simgate.auth.required = false}): then nothing is audited either. */
    private final RequestGuard guard;
    /** Null without device registration: the finalize path is then unknown (404). */
    private final DeviceFinalization finalization;
    /** Where slow verifications run: {@link VerificationThreads} (tests: directly). */
    private final Executor offLoop;
    /** What one peer address and one key id may have waiting on {@link #offLoop}. */
    private final VerificationLimits limits = VerificationThreads.limits();
    private ChannelHandlerContext ctx;
    /** The client a verified TLS client certificate names, once read; null: none. */
    private String certificateClient;
    private boolean certificateRead;

    RestHandler(SimService service, int maxInFlight) {
        this(service, maxInFlight, null, null, VerificationThreads.executor());
    }

    RestHandler(SimService service, int maxInFlight, RequestGuard guard, DeviceFinalization finalization,
                Executor offLoop) {
        this.service = service;
        this.maxInFlight = maxInFlight;
        this.guard = guard;
        this.finalization = finalization;
        this.offLoop = offLoop;
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
        RequestTarget target = RequestTarget.parse(request.uri());
        if (target == null || (target.endpoint() == Endpoint.DEVICE_FINALIZE && finalization == null)) {
            answer(pending, RestResponses.error(alloc, HttpResponseStatus.NOT_FOUND, "no such resource"));
            return;
        }
        Endpoint endpoint = target.endpoint();
        if (!endpoint.accepts(request.method())) {
            answer(pending, RestResponses.methodNotAllowed(alloc, endpoint));
            return;
        }
        if (target.slot() == RequestTarget.BAD_SLOT) {
            throw new MalformedRequestException(target.imsi() != null ? "bad IMSI (6 to 15 digits)" : "bad slot number");
        }
        if (target.slot() == RequestTarget.BY_IMSI) {
            SlotStatus card = service.subscriberCard(target.imsi());
            if (card == null) {
                answer(pending, RestResponses.error(alloc, HttpResponseStatus.NOT_FOUND, "no subscriber " + target.imsi()));
                return;
            }
            target = target.withSlot(card.id());
        }
        if (endpoint == Endpoint.HEALTH) {
            pending.audited = false; // open to all, and polled: not a client operation
            answer(pending, RestResponses.health(alloc));
        } else if (endpoint == Endpoint.DEVICE_FINALIZE) {
            finalizeDevice(request, pending);
        } else if (guard == null) {
            serve(request, target, usimQuery(target), pending);
        } else {
            // the query is read before the signature: a malformed one is a 400 whoever sent it
            pending.operation = "-";
            pending.slot = target.slot();
            UsimHttpsQuery usim = usimQuery(target);
            pending.operation = RequestGuard.operation(endpoint, usim).configName();
            pending.slot = usim != null ? usim.slot() : target.slot();
            authenticate(request, target, usim, pending);
        }
    }

    /** A verified client certificate names the client; else the request's signature must verify. */
    private void authenticate(FullHttpRequest request, RequestTarget target, UsimHttpsQuery usim,
                              PendingResponse pending) throws IOException, MalformedRequestException {
        String certified = certificateClient();
        if (certified != null) {
            authorize(request, target, usim, pending, certified);
            return;
        }
        SignableRequest signable = guard.signable(request);
        Operation operation = RequestGuard.operation(target.endpoint(), usim);
        int slot = pending.slot;
        // a request that names no key in fields that parse fails before any signature work: here
        String keyId = SignedHttpRequest.slowToVerify(request) ? SignedHttpRequest.claimedKeyId(request) : null;
        if (keyId == null) {
            verified(request, target, usim, pending, guard.verify(signable, slot, operation));
            return;
        }
        VerificationLimits.Permit permit = limits.tryAcquire(ctx.channel().remoteAddress(), keyId);
        if (permit == null) {
            pending.outcome = "throttled:verifications";
            answer(pending, RestResponses.tooManyVerifications(ctx.alloc()));
            return;
        }
        CompletableFuture<Verification> verification;
        request.retain(); // until the verdict is back on the event loop
        try {
            verification = CompletableFuture.supplyAsync(() -> guard.verify(signable, slot, operation), offLoop);
        } catch (RejectedExecutionException e) {
            permit.release();
            request.release();
            pending.outcome = "busy";
            answer(pending, RestResponses.verificationBusy(ctx.alloc()));
            return;
        }
        verification.whenComplete((verdict, failure) -> permit.release());
        verification.whenComplete((verdict, failure) -> onEventLoop(request, pending, () -> {
            if (failure != null) {
                throw new IllegalStateException("signature verification failed", failure);
            }
            verified(request, target, usim, pending, verdict);
        }));
    }

    private void verified(FullHttpRequest request, RequestTarget target, UsimHttpsQuery usim, PendingResponse pending,
                          Verification verification) throws IOException, MalformedRequestException {
        if (verification instanceof Verification.Verified verified) {
            authorize(request, target, usim, pending, verified.client());
        } else if (verification instanceof Verification.Forbidden forbidden) {
            pending.client = forbidden.client();
            answer(pending, RestResponses.forbidden(ctx.alloc()));
        } else if (verification instanceof Verification.Throttled throttled) {
            // this key's share of the nonce cache is full: it alone waits
            pending.client = throttled.client();
            pending.outcome = "throttled:nonces";
            answer(pending, RestResponses.tooManyNonces(ctx.alloc(), throttled.retryAfterSeconds()));
        } else {
            // the reason is the operator's (audit line); the client hears the same 401 whatever failed
            pending.outcome = "unauthenticated:" + ((Verification.Refused) verification).reason();
            answer(pending, RestResponses.unauthenticated(ctx.alloc()));
        }
    }

    private void authorize(FullHttpRequest request, RequestTarget target, UsimHttpsQuery usim, PendingResponse pending,
                           String client) throws IOException, MalformedRequestException {
        pending.client = client;
        Operation operation = RequestGuard.operation(target.endpoint(), usim);
        int slot = usim != null ? usim.slot() : target.slot();
        RequestGuard.Decision decision = guard.decide(client, slot, operation);
        if (decision instanceof RequestGuard.Decision.Forbidden) {
            answer(pending, RestResponses.forbidden(ctx.alloc()));
        } else if (decision instanceof RequestGuard.Decision.Throttled throttled) {
            answer(pending, RestResponses.throttled(ctx.alloc(), throttled.retryAfterSeconds()));
        } else {
            serve(request, target, usim, pending);
        }
    }

    private UsimHttpsQuery usimQuery(RequestTarget target) throws MalformedRequestException {
        return target.endpoint() == Endpoint.USIM_HTTPS ? UsimHttpsQuery.parse(target.query(), service.defaultSlot()) : null;
    }

    /** Runs the step on this channel's event loop, unless the connection is gone by then; releases the request after. */
    private void onEventLoop(FullHttpRequest request, PendingResponse pending, Step step) {
        try {
            ctx.executor().execute(() -> {
                try {
                    if (!answers.isDone()) {
                        run(pending, step);
                    }
                } finally {
                    if (request != null) {
                        request.release();
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // the event loop is shutting down, and the connection with it
            if (request != null) {
                request.release();
            }
        }
    }

    /** The finalize request's signature, passphrase hash and file write run off the event loop. */
    private void finalizeDevice(FullHttpRequest request, PendingResponse pending) {
        pending.operation = "device-finalize";
        byte[] body = ByteBufUtil.getBytes(request.content());
        VerificationLimits.Permit permit = limits.tryAcquire(ctx.channel().remoteAddress(), null);
        if (permit == null) {
            pending.outcome = "throttled:verifications";
            answer(pending, RestResponses.tooManyVerifications(ctx.alloc()));
            return;
        }
        CompletableFuture<DeviceFinalization.Answer> finalized;
        try {
            finalized = CompletableFuture.supplyAsync(() -> finalization.finalize(body), offLoop);
        } catch (RejectedExecutionException e) {
            permit.release();
            pending.outcome = "busy";
            answer(pending, RestResponses.verificationBusy(ctx.alloc()));
            return;
        }
        finalized.whenComplete((result, failure) -> permit.release());
        finalized.whenComplete((result, failure) -> onEventLoop(null, pending, () -> {
            if (failure != null) {
                throw new IllegalStateException("device finalization failed", failure);
            }
            pending.client = result.client();
            pending.outcome = result.outcome();
            answer(pending, RestResponses.json(HttpResponseStatus.valueOf(result.status()),
                    Unpooled.wrappedBuffer(result.json())));
        }));
    }

    private void serve(FullHttpRequest request, RequestTarget target, UsimHttpsQuery usim, PendingResponse pending)
            throws IOException, MalformedRequestException {
        ByteBufAllocator alloc = ctx.alloc();
        int slot = target.slot();
        switch (target.endpoint()) {
            case SIM_AUTH -> pending.await(PendingResponse.Reply.AUTH,
                    service.authenticate(slot, RequestBodies.authRequest(request.content())));
            case SIM_INFO -> pending.await(PendingResponse.Reply.INFO, service.info(slot));
            case SUCI -> pending.await(PendingResponse.Reply.SUCI, service.suci(slot, SuciQuery.parse(target.query())));
            case APDU -> pending.await(PendingResponse.Reply.APDUS,
                    service.transmit(slot, RequestBodies.apdus(request.content())));
            case USIM_HTTPS -> usimHttps(usim, pending);
            case SLOTS -> answer(pending, RestResponses.slots(alloc, service.slots()));
            default -> throw new IllegalStateException("unrouted endpoint " + target.endpoint());
        }
    }

    private void usimHttps(UsimHttpsQuery query, PendingResponse pending) {
        switch (query.type()) {
            case IMSI -> pending.await(PendingResponse.Reply.USIM_IMSI, service.info(query.slot()));
            case RAND_AUTN -> pending.await(PendingResponse.Reply.USIM_AUTH, service.authenticate(query.slot(),
                    new AuthRequest(query.application(), query.rand(), query.autn())));
            case APDU -> pending.await(PendingResponse.Reply.USIM_APDU,
                    service.transmit(query.slot(), List.of(query.apdu())));
            default -> throw new IllegalStateException("unrouted usim-https type " + query.type());
        }
    }

    /** The verified client certificate's client on this connection, read once (the handshake is over by the first request). */
    private String certificateClient() {
        if (!certificateRead) {
            certificateClient = ClientCertificate.clientName(ctx.channel());
            certificateRead = true;
        }
        return certificateClient;
    }

    /** The service's future completed; runs on the event loop. */
    void completed(PendingResponse pending, Object result, Throwable failure) {
        if (answers.isDone()) {
            return;
        }
        FullHttpResponse response;
        try {
            response = failure == null ? encode(pending, result) : failure(pending, failure);
        } catch (RuntimeException e) {
            LOG.warn("could not encode the answer of a REST request", e);
            response = RestResponses.internalError(ctx.alloc());
        }
        answer(pending, response);
    }

    @SuppressWarnings("unchecked")
    private FullHttpResponse encode(PendingResponse pending, Object result) {
        ByteBufAllocator alloc = ctx.alloc();
        if (pending.audited && result instanceof AuthResult auth && !(auth instanceof AuthResult.Success)) {
            pending.outcome = Outcome.ofAnswer(auth).auditWord();
        }
        return switch (pending.reply) {
            case AUTH -> RestResponses.authResult(alloc, (AuthResult) result);
            case INFO -> RestResponses.cardInfo(alloc, (CardInfo) result);
            case SUCI -> RestResponses.suci(alloc, (SubscriptionConcealedIdentifier) result);
            case APDUS -> RestResponses.apduResponses(alloc, (List<byte[]>) result);
            case USIM_IMSI -> UsimHttpsResponses.imsi(alloc, ((CardInfo) result).imsi());
            case USIM_AUTH -> UsimHttpsResponses.authResult(alloc, (AuthResult) result);
            case USIM_APDU -> {
                List<byte[]> responses = (List<byte[]>) result;
                if (responses.size() != 1 || responses.get(0).length < 2) {
                    yield slotFailure(pending, new SlotException(SlotException.Kind.CARD_PROTOCOL,
                            "card answer has no status word"));
                }
                yield UsimHttpsResponses.apdu(alloc, responses.get(0));
            }
        };
    }

    private FullHttpResponse failure(PendingResponse pending, Throwable failure) {
        Throwable cause = Outcome.cause(failure);
        if (cause instanceof SlotException slotFailure) {
            return slotFailure(pending, slotFailure);
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
        if (guard != null) {
            pending.audited = true;
            pending.arrivedNanos = System.nanoTime();
        }
        if (!keepAlive) {
            answers.stopTaking();
        }
        return pending;
    }

    private void answer(PendingResponse pending, FullHttpResponse response) {
        if (pending.audited) {
            pending.audited = false;
            AuditTrail.record(PROTOCOL, ctx.channel().remoteAddress(), pending.client, pending.slot, pending.operation,
                    pending.outcome != null ? pending.outcome : outcome(response.status()),
                    System.nanoTime() - pending.arrivedNanos);
        }
        answers.ready(pending, response);
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
}
