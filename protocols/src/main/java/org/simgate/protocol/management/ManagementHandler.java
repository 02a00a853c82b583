package org.simgate.protocol.management;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.simgate.protocol.ConnectionsByKey;
import org.simgate.protocol.HttpAuthentication;
import org.simgate.protocol.OrderedAnswers;
import org.simgate.protocol.PipelinedRequestHandler;
import org.simgate.protocol.RouteTable;
import org.simgate.security.Challenge;
import org.simgate.security.audit.AuditTrail;
import org.simgate.service.AdminService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers management requests one at a time, in request order ({@link OrderedAnswers}, one at a
 * time): a request's handling starts once every earlier answer is written, so it sees what the one
 * before changed, and while one is owed the connection stops reading. Routes and their handler
 * methods are {@link ManagementRoutes}'. Every slot action is audited, including refused and
 * failed ones. A request for the dashboard's event stream turns the connection over to
 * {@link DashboardStream} for good.
 * With authentication on ({@link AdminGuard}), every route but /health and /ready needs a client
 * allowed {@code admin}, and every request is audited with its client. Whether it is on or not, a
 * browser request from another site that would change something is refused ({@link CrossSiteRequests}).
 * A request signed with a device's P-384 key is verified off the event loop: the connection waits
 * for it, other connections do not.
 */
final class ManagementHandler extends PipelinedRequestHandler<ManagementExchange, FullHttpResponse> {
    private static final Logger log = LoggerFactory.getLogger(ManagementHandler.class);
    /** Requests decoded while one is owed wait their turn; reading stops meanwhile. */
    private static final int MAX_OWED = 1;

    private final AdminService admin;
    private final Supplier<String> metrics;
    /** Null when authentication is off: every route answers anyone, as before. */
    private final AdminGuard guard;
    private final DeviceEndpoints devices;
    private final ConnectionsByKey streams;
    /** Where P-384 signatures are verified: VerificationThreads (tests: their own). */
    private final Executor offLoop;
    private final DashboardStream dashboard;
    private ChannelHandlerContext ctx;
    private HttpAuthentication.Connection authentication;

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

    AdminService admin() {
        return admin;
    }

    Supplier<String> metrics() {
        return metrics;
    }

    EventExecutor executor() {
        return ctx.executor();
    }

    /** Authentication off: the device routes are 404 (no registry), whoever asks. */
    Predicate<String> manages(String client) {
        return guard == null ? anyone -> true : guard.managedBy(client);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.answers = new OrderedAnswers<ManagementExchange, FullHttpResponse>(ctx, MAX_OWED,
                ManagementHandler::prepare, reading -> { }).oneAtATime();
        if (guard != null) {
            String scheme = ctx.pipeline().get(SslHandler.class) != null ? "https" : "http";
            this.authentication = guard.authentication().on(ctx, scheme, offLoop);
        }
    }

    private static void prepare(ManagementExchange x, FullHttpResponse response) {
        response.setProtocolVersion(x.version);
        if (x.head) {
            response.content().clear();
        }
        HttpUtil.setKeepAlive(response, x.keepAlive);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        answers.burstStarted();
        if (answers.isHandedOver() || answers.isClosing() || !(msg instanceof FullHttpRequest request)) {
            ReferenceCountUtil.release(msg); // an event stream never ends: a request after it would never get its turn
            return;
        }
        if (request.decoderResult().isFailure()) {
            request.release();
            // the decoder's stand-in: its path and headers may be half a request; the rest of the connection is lost
            ManagementExchange x = owe(new ManagementExchange(this, HttpVersion.HTTP_1_1, false, false));
            answer(x, ManagementResponses.error(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request"));
            return;
        }
        ManagementExchange x = owe(new ManagementExchange(this, request.protocolVersion(),
                HttpUtil.isKeepAlive(request), HttpMethod.HEAD.equals(request.method())));
        x.hold(request);
        answers.start(x, () -> handle(x));
    }

    private ManagementExchange owe(ManagementExchange x) {
        answers.owe(x);
        if (!x.keepAlive) {
            answers.stopTaking();
        }
        return x;
    }

    /** Its turn: routes the request, refuses a cross-site change, checks the guard, serves. */
    private void handle(ManagementExchange x) {
        try {
            FullHttpRequest request = x.request;
            String path = ManagementRoutes.path(request.uri());
            RouteTable.Route<ManagementRoute> route = ManagementRoutes.TABLE.find(request.method(), path);
            if (route == null) {
                answer(x, ManagementResponses.error(HttpResponseStatus.NOT_FOUND, "not found"));
                return;
            }
            if (!route.accepts(request.method())) {
                String hint = route.value().wrongMethod();
                FullHttpResponse response = ManagementResponses.error(HttpResponseStatus.METHOD_NOT_ALLOWED,
                        hint != null ? hint : "use " + route.allow().replace(", ", " or "));
                response.headers().set(HttpHeaderNames.ALLOW, route.allow());
                answer(x, response);
                return;
            }
            x.route = route;
            x.slot = ManagementRoutes.TABLE.slot(route, path, 0, path.length());
            x.name = route.variable(path, 0, path.length());
            if (CrossSiteRequests.refuses(request, scheme())) {
                audit(x, "cross-site", true);
                answer(x, ManagementResponses.error(HttpResponseStatus.FORBIDDEN,
                        "refused: a request from another site (Origin, Sec-Fetch-Site) may not change anything here"));
                return;
            }
            if (authentication == null || route.value().open()) {
                serve(x);
                return;
            }
            x.mark = streams.mark();
            authentication.check(request, x.slot, route.value().operation(), route.value().name(),
                    verdict -> decided(x, verdict));
        } finally {
            x.releaseRequest();
        }
    }

    private String scheme() {
        return ctx.pipeline().get(SslHandler.class) != null ? "https" : "http";
    }

    /** Goes on with an authenticated request, or answers its refusal; the stage keeps the request readable meanwhile. */
    private void decided(ManagementExchange x, HttpAuthentication.Verdict verdict) {
        if (verdict instanceof HttpAuthentication.Allowed allowed) {
            x.client = allowed.client();
            x.keyId = allowed.keyId();
            serve(x);
            x.request = null;
            return;
        }
        x.request = null;
        HttpAuthentication.Refused refused = (HttpAuthentication.Refused) verdict;
        x.client = refused.client();
        FullHttpResponse response = switch (refused.refusal()) {
            case UNAUTHENTICATED -> {
                FullHttpResponse challenge = ManagementResponses.error(HttpResponseStatus.UNAUTHORIZED,
                        "authentication required: sign the request (RFC 9421) or present a client certificate");
                challenge.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, Challenge.WWW_AUTHENTICATE);
                yield challenge;
            }
            case NONCES -> retryAfter(ManagementResponses.error(HttpResponseStatus.TOO_MANY_REQUESTS,
                    "this key signed more requests than the nonce cache keeps for one key, retry after "
                            + refused.retryAfterSeconds() + " s"), refused.retryAfterSeconds());
            case VERIFICATIONS_WAITING -> retryAfter(ManagementResponses.error(HttpResponseStatus.TOO_MANY_REQUESTS,
                    "too many signatures from this address or for this key wait to be checked, retry in a second"), 1);
            case VERIFIERS_BUSY -> retryAfter(ManagementResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "too many signatures to verify, retry in a second"), 1);
            case FAILED -> ManagementResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error");
            case FORBIDDEN, AKA_RATE_LIMIT -> ManagementResponses.error(HttpResponseStatus.FORBIDDEN,
                    "this client may not use the admin API here");
        };
        audit(x, switch (refused.refusal()) {
            case UNAUTHENTICATED -> "unauthenticated";
            case NONCES -> "throttled:nonces";
            case VERIFICATIONS_WAITING -> "throttled:verifications";
            case VERIFIERS_BUSY -> "busy";
            case FAILED -> "internal";
            case FORBIDDEN, AKA_RATE_LIMIT -> "forbidden";
        }, true);
        answer(x, response);
    }

    private static FullHttpResponse retryAfter(FullHttpResponse response, long seconds) {
        response.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(seconds));
        return response;
    }

    private void serve(ManagementExchange x) {
        x.value().handler().serve(x);
    }

    /** GET /ui/events: the connection carries the event stream from now on (HEAD: its head only). */
    void stream(ManagementExchange x) {
        if (x.head) {
            x.answer(DashboardPage.eventStreamHead());
            return;
        }
        if (x.keyId != null && !streams.add(x.keyId, ctx.channel(), x.mark)) {
            audit(x, "revoked", true); // the key ended while it was checked: the connection is closed
            return;
        }
        answers.handOver(x);
        audit(x, "ok", false);
        dashboard.subscribe(ctx, x.version);
    }

    /** A device route: its work runs on the registry's thread. */
    void devices(ManagementExchange x, DeviceEndpoints.Work work) {
        x.await(devices.answer(work, x.request, x.name, x.manages()), (request, response, cause) -> {
            if (cause != null) {
                log.warn("admin {} failed", request.value().name(), cause);
                request.answer(ManagementResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error"));
            } else {
                request.answer(response);
            }
        });
    }

    void answer(ManagementExchange x, FullHttpResponse response) {
        answers.ready(x, response);
    }

    /**
     * With authentication on, every request but the probes gets an audit line naming its client.
     * Without, the admin actions keep their lines of before (address, slot, action, outcome);
     * a refused cross-site request counts as an action.
     */
    void audit(ManagementExchange x, String outcome, boolean refusal) {
        ManagementRoute route = x.value();
        if (guard != null) {
            if (!route.open() || refusal) {
                AuditTrail.record("management", ctx.channel().remoteAddress(), x.client,
                        x.slot >= 0 ? x.slot : AuditTrail.NO_SLOT, route.name(), outcome, System.nanoTime() - x.started);
            }
        } else if (route.audit() == ManagementRoute.Audit.SLOT_ACTION) {
            AuditLog.record(ctx.channel().remoteAddress(), x.slot, route.name(), outcome);
        } else if (route.audit() == ManagementRoute.Audit.ACTION || refusal) {
            AuditLog.record(ctx.channel().remoteAddress(), route.name(), outcome);
        }
    }

    /** An answer's status as an audit outcome: ok, or what went wrong in a word. */
    static String outcome(HttpResponseStatus status) {
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

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("management connection closed: {}", cause.toString());
        ctx.close();
    }
}
