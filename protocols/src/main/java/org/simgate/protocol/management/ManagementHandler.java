package org.simgate.protocol.management;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.simgate.protocol.ConnectionsByKey;
import org.simgate.protocol.SignedHttpRequest;
import org.simgate.protocol.VerificationLimits;
import org.simgate.protocol.VerificationThreads;
import org.simgate.protocol.management.ManagementRoute.Action;
import org.simgate.security.Challenge;
import org.simgate.security.SignableRequest;
import org.simgate.security.audit.AuditTrail;
import org.simgate.service.AdminService;
import org.simgate.service.Outcome;
import org.simgate.service.ReloadResult;
import org.simgate.service.SlotDetail;
import org.simgate.service.SlotException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one management request at a time. Reads, health and metrics are answered at once on the
 * event loop (none touches a card); slot actions go to the {@link AdminService}, whose future
 * completes on the slot's thread, and are answered back on the event loop. While an action runs the
 * connection stops reading; requests already decoded (a pipelining client) wait their turn, so
 * answers keep request order.
 * Every slot action is audited, including refused and failed ones. A request for the dashboard's
 * event stream turns the connection over to {@link DashboardStream} for good.
 * With authentication on ({@link AdminGuard}), every route but /health and /ready needs a client
 * allowed {@code admin}, and every request is audited with its client. Whether it is on or not, a
 * browser request from another site that would change something is refused ({@link CrossSiteRequests}).
 * A request signed with a device's P-384 key is verified off the event loop, as an action runs:
 * the connection waits for it, other connections do not.
 */
final class ManagementHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(ManagementHandler.class);

    private final AdminService admin;
    private final Supplier<String> metrics;
    /** Null when authentication is off: every route answers anyone, as before. */
    private final AdminGuard guard;
    private final DeviceEndpoints devices;
    private final ConnectionsByKey streams;
    /** Where P-384 signatures are verified: VerificationThreads (tests: their own). */
    private final Executor offLoop;
    /** What one peer address and one key id may have waiting on {@link #offLoop}. */
    private final VerificationLimits limits = VerificationThreads.limits();
    /** An action's answer is owed: later requests wait in {@link #waiting}. */
    private boolean busy;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private final DashboardStream dashboard;
    /** The connection carries the dashboard's event stream: nothing else is read or written on it. */
    private boolean streaming;

    ManagementHandler(AdminService admin, Supplier<String> metrics) {
        this(admin, metrics, new DashboardStream(admin));
    }

    /** @param dashboard the listener's event stream, shared by all its connections */
    ManagementHandler(AdminService admin, Supplier<String> metrics, DashboardStream dashboard) {
        this(admin, metrics, dashboard, null, new DeviceEndpoints(null, Runnable::run), new ConnectionsByKey(),
                Runnable::run);
    }

    /**
     * @param guard   null when authentication is off
     * @param devices the device registration routes (404 without a registry)
     * @param streams where event streams opened with a key are listed, so that the key's end closes them
     * @param offLoop where P-384 signatures are verified; its {@code execute} may refuse (a 503)
     */
    ManagementHandler(AdminService admin, Supplier<String> metrics, DashboardStream dashboard, AdminGuard guard,
                      DeviceEndpoints devices, ConnectionsByKey streams, Executor offLoop) {
        this.admin = admin;
        this.metrics = metrics;
        this.dashboard = dashboard;
        this.guard = guard;
        this.devices = devices;
        this.streams = streams;
        this.offLoop = offLoop;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (streaming) {
            return; // an event stream never ends: a request after it would never get its turn
        }
        if (busy) {
            waiting.add(request.retain());
            return;
        }
        handle(ctx, request);
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            // the decoder's stand-in: its path and headers may be half a request; the rest of the connection is lost
            write(ctx, ManagementResponses.error(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request"),
                    HttpVersion.HTTP_1_1, false, false);
            return;
        }
        long started = System.nanoTime();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpVersion version = request.protocolVersion();
        boolean head = HttpMethod.HEAD.equals(request.method());
        ManagementRoute route;
        try {
            route = ManagementRoute.parse(request.method(), request.uri());
        } catch (ManagementRoute.NoRoute e) {
            FullHttpResponse response = ManagementResponses.error(e.status, e.getMessage());
            if (e.allow != null) {
                response.headers().set(HttpHeaderNames.ALLOW, e.allow);
            }
            write(ctx, response, version, keepAlive, false);
            return;
        }
        if (CrossSiteRequests.refuses(request, AdminGuard.scheme(ctx.channel()))) {
            audit(ctx, route, null, "cross-site", started, true);
            write(ctx, ManagementResponses.error(HttpResponseStatus.FORBIDDEN,
                    "refused: a request from another site (Origin, Sec-Fetch-Site) may not change anything here"),
                    version, keepAlive, false);
            return;
        }
        if (guard == null || route.action().open()) {
            serve(ctx, request, route, null, started, version, keepAlive, head);
            return;
        }
        long mark = streams.mark();
        // a request that names no key in fields that parse fails before any signature work: here
        String keyId = AdminGuard.slowToVerify(ctx.channel(), request) ? SignedHttpRequest.claimedKeyId(request) : null;
        if (keyId == null) {
            decided(ctx, request, route, guard.check(ctx.channel(), request, route), mark, started, version, keepAlive,
                    head);
            return;
        }
        VerificationLimits.Permit permit = limits.tryAcquire(ctx.channel().remoteAddress(), keyId);
        if (permit == null) {
            audit(ctx, route, null, "throttled:verifications", started, true);
            FullHttpResponse tooMany = ManagementResponses.error(HttpResponseStatus.TOO_MANY_REQUESTS,
                    "too many signatures from this address or for this key wait to be checked, retry in a second");
            tooMany.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
            write(ctx, tooMany, version, keepAlive, head);
            return;
        }
        // a P-384 signature: verified on another thread while this connection waits, its answer in order
        busy = true;
        ctx.channel().config().setAutoRead(false);
        SignableRequest signable = AdminGuard.signable(ctx.channel(), request);
        CompletableFuture<AdminGuard.Decision> decision;
        request.retain(); // until the decision is back on the event loop
        try {
            decision = CompletableFuture.supplyAsync(() -> guard.verify(signable, route), offLoop);
        } catch (RejectedExecutionException e) {
            permit.release();
            request.release();
            audit(ctx, route, null, "busy", started, true);
            FullHttpResponse busyAnswer = ManagementResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "too many signatures to verify, retry in a second");
            busyAnswer.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
            resume(ctx, busyAnswer, version, keepAlive, head);
            return;
        }
        decision.whenComplete((verdict, failure) -> permit.release());
        decision.whenComplete((verdict, failure) -> ctx.executor().execute(() -> {
            busy = false;
            try {
                if (failure != null) {
                    log.warn("management signature check failed", failure);
                    audit(ctx, route, null, "internal", started, true);
                    write(ctx, ManagementResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error"),
                            version, keepAlive, head);
                } else {
                    decided(ctx, request, route, verdict, mark, started, version, keepAlive, head);
                }
            } finally {
                request.release();
            }
            handleWaiting(ctx);
        }));
    }

    /** Goes on with an authenticated request, or answers its refusal. */
    private void decided(ChannelHandlerContext ctx, FullHttpRequest request, ManagementRoute route,
                         AdminGuard.Decision decision, long mark, long started, HttpVersion version, boolean keepAlive,
                         boolean head) {
        if (decision instanceof AdminGuard.Decision.Refused refused) {
            audit(ctx, route, refused.client(), refused.outcome(), started, true);
            write(ctx, refusal(refused), version, keepAlive, head);
            return;
        }
        AdminGuard.Decision.Allowed allowed = (AdminGuard.Decision.Allowed) decision;
        if (route.action() == Action.UI_EVENTS && !head && allowed.keyId() != null
                && !streams.add(allowed.keyId(), ctx.channel(), mark)) {
            audit(ctx, route, allowed.client(), "revoked", started, true); // the key ended while it was checked
            return;
        }
        serve(ctx, request, route, allowed.client(), started, version, keepAlive, head);
    }

    /** Answers a request that may be served: {@code client} is null when authentication is off. */
    private void serve(ChannelHandlerContext ctx, FullHttpRequest request, ManagementRoute route, String client,
                       long started, HttpVersion version, boolean keepAlive, boolean head) {
        String who = client;
        if (route.action() == Action.UI_EVENTS && !head) {
            streaming = true;
            audit(ctx, route, who, "ok", started, false);
            dashboard.subscribe(ctx, version);
            return;
        }
        if (route.action().changesSlot()) {
            busy = true;
            ctx.channel().config().setAutoRead(false);
            act(route).whenComplete((detail, failure) -> ctx.executor().execute(() ->
                    resume(ctx, actionAnswer(ctx, route, who, started, detail, failure), version, keepAlive, false)));
            return;
        }
        if (route.action() == Action.SLOT) {
            // the first look at a card waits for the one read of its identity, on the slot's thread
            busy = true;
            ctx.channel().config().setAutoRead(false);
            identifiedDetail(route.slot()).whenComplete((detail, failure) -> ctx.executor().execute(() -> {
                Throwable cause = Outcome.cause(failure);
                FullHttpResponse answer;
                if (detail != null) {
                    answer = ManagementResponses.detail(detail);
                } else if (cause == null || cause instanceof SlotException e && e.kind() == SlotException.Kind.NO_SUCH_SLOT) {
                    answer = noSuchSlot(route.slot());
                } else {
                    log.warn("admin slot {} failed", route.slot(), cause);
                    answer = ManagementResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error");
                }
                audit(ctx, route, who, outcome(answer.status()), started, false);
                resume(ctx, answer, version, keepAlive, head);
            }));
            return;
        }
        if (route.action() == ManagementRoute.Action.RELOAD) {
            busy = true;
            ctx.channel().config().setAutoRead(false);
            reload().whenComplete((result, failure) -> ctx.executor().execute(() ->
                    resume(ctx, reloadAnswer(ctx, who, started, result, failure), version, keepAlive, false)));
            return;
        }
        if (route.action().onDevices()) {
            busy = true;
            ctx.channel().config().setAutoRead(false);
            // authentication off: the device routes are 404 (no registry), whoever asks
            Predicate<String> manages = guard == null ? anyone -> true : guard.managedBy(who);
            devices.answer(route, request, manages).whenComplete((response, failure) -> ctx.executor().execute(() -> {
                FullHttpResponse answer = response;
                if (failure != null) {
                    log.warn("admin {} failed", route.action().auditName(), failure);
                    answer = ManagementResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error");
                }
                audit(ctx, route, who, outcome(answer.status()), started, false);
                resume(ctx, answer, version, keepAlive, head);
            }));
            return;
        }
        FullHttpResponse response = read(route);
        audit(ctx, route, who, outcome(response.status()), started, false);
        write(ctx, response, version, keepAlive, head);
    }

    /** 401 with the challenge, whatever failed; 403 for a client that may not; 429 for a key over its nonce share. */
    private static FullHttpResponse refusal(AdminGuard.Decision.Refused refused) {
        if (refused.status() == HttpResponseStatus.UNAUTHORIZED) {
            FullHttpResponse response = ManagementResponses.error(HttpResponseStatus.UNAUTHORIZED,
                    "authentication required: sign the request (RFC 9421) or present a client certificate");
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, Challenge.WWW_AUTHENTICATE);
            return response;
        }
        if (refused.status() == HttpResponseStatus.TOO_MANY_REQUESTS) {
            FullHttpResponse response = ManagementResponses.error(HttpResponseStatus.TOO_MANY_REQUESTS,
                    "this key signed more requests than the nonce cache keeps for one key, retry after "
                            + refused.retryAfterSeconds() + " s");
            response.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(refused.retryAfterSeconds()));
            return response;
        }
        return ManagementResponses.error(HttpResponseStatus.FORBIDDEN, "this client may not use the admin API here");
    }

    /**
     * With authentication on, every request but the probes gets an audit line naming its client.
     * Without, the admin actions keep their lines of before (address, slot, action, outcome);
     * a refused cross-site request counts as an action.
     */
    private void audit(ChannelHandlerContext ctx, ManagementRoute route, String client, String outcome, long started,
                       boolean refusal) {
        if (guard != null) {
            if (!route.action().open() || refusal) {
                AuditTrail.record("management", ctx.channel().remoteAddress(), client,
                        route.slot() >= 0 ? route.slot() : AuditTrail.NO_SLOT, route.action().auditName(), outcome,
                        System.nanoTime() - started);
            }
            return;
        }
        if (route.action().changesSlot()) {
            AuditLog.record(ctx.channel().remoteAddress(), route.slot(), route.action().auditName(), outcome);
        } else if (route.action() == Action.RELOAD || refusal) {
            AuditLog.record(ctx.channel().remoteAddress(), route.action().auditName(), outcome);
        }
    }

    /** An answer's status as an audit outcome: ok, or what went wrong in a word. */
    private static String outcome(HttpResponseStatus status) {
        int code = status.code();
        if (code < 300) {
            return "ok";
        }
        return switch (code) {
            case 400 -> "bad-request";
            case 404 -> "not-found";
            case 503 -> "unavailable";
            default -> code >= 500 ? "internal" : "refused";
        };
    }

    /** Writes an action's answer, then handles the requests that waited behind it. */
    private void resume(ChannelHandlerContext ctx, FullHttpResponse response, HttpVersion version, boolean keepAlive,
                        boolean head) {
        write(ctx, response, version, keepAlive, head);
        busy = false;
        handleWaiting(ctx);
    }

    /** Handles the requests that waited behind an answer, until one has to wait in turn. */
    private void handleWaiting(ChannelHandlerContext ctx) {
        FullHttpRequest next;
        while (!busy && !streaming && (next = waiting.poll()) != null) {
            try {
                handle(ctx, next);
            } finally {
                next.release();
            }
        }
        if (!busy) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private CompletableFuture<ReloadResult> reload() {
        try {
            return admin.reload();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** 200 with what changed, or 400 with the config's one-line error (the running config stays). */
    private FullHttpResponse reloadAnswer(ChannelHandlerContext ctx, String client, long started, ReloadResult result,
                                          Throwable failure) {
        ManagementRoute route = new ManagementRoute(Action.RELOAD, -1);
        Throwable cause = Outcome.cause(failure);
        if (cause == null) {
            audit(ctx, route, client, "ok", started, false);
            return ManagementResponses.reload(result);
        }
        if (cause instanceof ReloadResult.Refused refused) {
            audit(ctx, route, client, "refused", started, false);
            return ManagementResponses.error(HttpResponseStatus.BAD_REQUEST, refused.getMessage());
        }
        audit(ctx, route, client, "internal", started, false);
        log.warn("admin reload failed", cause);
        return ManagementResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error");
    }

    private FullHttpResponse read(ManagementRoute route) {
        return switch (route.action()) {
            case HEALTH -> ManagementResponses.health();
            case READY -> ManagementResponses.ready(admin.slots());
            case METRICS -> metrics == null
                    ? ManagementResponses.error(HttpResponseStatus.NOT_FOUND, "metrics are off (simgate.management.metrics)")
                    : ManagementResponses.metrics(metrics.get());
            case SLOTS -> ManagementResponses.slots(admin.slots());
            case UI_REDIRECT -> DashboardPage.redirect();
            case UI_PAGE -> DashboardPage.page();
            case UI_SCRIPT -> DashboardPage.script();
            case UI_STYLE -> DashboardPage.style();
            case UI_EVENTS -> DashboardPage.eventStreamHead();
            default -> throw new IllegalStateException("not a read: " + route.action());
        };
    }

    private CompletableFuture<SlotDetail> identifiedDetail(int slot) {
        try {
            return admin.identifiedDetail(slot);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<SlotDetail> act(ManagementRoute route) {
        try {
            return switch (route.action()) {
                case DRAIN -> admin.drain(route.slot());
                case UNDRAIN -> admin.undrain(route.slot());
                case RESET -> admin.reset(route.slot());
                case REREAD -> admin.reread(route.slot());
                default -> throw new IllegalStateException("not an action: " + route.action());
            };
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private FullHttpResponse actionAnswer(ChannelHandlerContext ctx, ManagementRoute route, String client, long started,
                                          SlotDetail detail, Throwable failure) {
        Throwable cause = Outcome.cause(failure);
        String action = route.action().auditName();
        if (cause == null) {
            audit(ctx, route, client, "ok", started, false);
            return ManagementResponses.detail(detail);
        }
        if (cause instanceof SlotException slotFailure) {
            Outcome outcome = Outcome.of(slotFailure.kind());
            audit(ctx, route, client, outcome.adminAuditWord(), started, false);
            if (outcome == Outcome.NO_SUCH_SLOT) {
                return noSuchSlot(route.slot());
            }
            // the slot's messages name the slot and the kind of trouble, never card data
            return ManagementResponses.error(HttpResponseStatus.valueOf(outcome.httpStatus()), slotFailure.getMessage());
        }
        audit(ctx, route, client, "internal", started, false);
        log.warn("admin {} on slot {} failed", action, route.slot(), cause);
        return ManagementResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error");
    }

    private static FullHttpResponse noSuchSlot(int slot) {
        return ManagementResponses.error(HttpResponseStatus.NOT_FOUND, "no slot " + slot);
    }

    private static void write(ChannelHandlerContext ctx, FullHttpResponse response, HttpVersion version,
                              boolean keepAlive, boolean head) {
        response.setProtocolVersion(version);
        if (head) {
            response.content().clear();
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        waiting.forEach(FullHttpRequest::release);
        waiting.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && !streaming) { // a page listens without saying a word
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("management connection closed: {}", cause.toString());
        ctx.close();
    }
}
