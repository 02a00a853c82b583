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
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.simgate.protocol.management.ManagementRoute.Action;
import org.simgate.service.AdminService;
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
 */
final class ManagementHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(ManagementHandler.class);

    private final AdminService admin;
    private final Supplier<String> metrics;
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
        this.admin = admin;
        this.metrics = metrics;
        this.dashboard = dashboard;
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
        if (route.action() == Action.UI_EVENTS && !head) {
            streaming = true;
            dashboard.subscribe(ctx, version);
            return;
        }
        if (route.action().changesSlot()) {
            busy = true;
            ctx.channel().config().setAutoRead(false);
            act(route).whenComplete((detail, failure) -> ctx.executor().execute(() ->
                    resume(ctx, actionAnswer(ctx, route, detail, failure), version, keepAlive)));
            return;
        }
        if (route.action() == ManagementRoute.Action.RELOAD) {
            busy = true;
            ctx.channel().config().setAutoRead(false);
            reload().whenComplete((result, failure) -> ctx.executor().execute(() ->
                    resume(ctx, reloadAnswer(ctx, result, failure), version, keepAlive)));
            return;
        }
        write(ctx, read(route), version, keepAlive, head);
    }

    /** Writes an action's answer, then handles the requests that waited behind it. */
    private void resume(ChannelHandlerContext ctx, FullHttpResponse response, HttpVersion version, boolean keepAlive) {
        write(ctx, response, version, keepAlive, false);
        busy = false;
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
    private FullHttpResponse reloadAnswer(ChannelHandlerContext ctx, ReloadResult result, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause == null) {
            AuditLog.record(ctx.channel().remoteAddress(), "reload", "ok");
            return ManagementResponses.reload(result);
        }
        if (cause instanceof ReloadResult.Refused refused) {
            AuditLog.record(ctx.channel().remoteAddress(), "reload", "refused");
            return ManagementResponses.error(HttpResponseStatus.BAD_REQUEST, refused.getMessage());
        }
        AuditLog.record(ctx.channel().remoteAddress(), "reload", "internal");
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
            case SLOT -> {
                SlotDetail detail = admin.detail(route.slot());
                yield detail == null ? noSuchSlot(route.slot()) : ManagementResponses.detail(detail);
            }
            case UI_REDIRECT -> DashboardPage.redirect();
            case UI_PAGE -> DashboardPage.page();
            case UI_SCRIPT -> DashboardPage.script();
            case UI_STYLE -> DashboardPage.style();
            case UI_EVENTS -> DashboardPage.eventStreamHead();
            default -> throw new IllegalStateException("not a read: " + route.action());
        };
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

    private FullHttpResponse actionAnswer(ChannelHandlerContext ctx, ManagementRoute route, SlotDetail detail,
                                          Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String action = route.action().auditName();
        if (cause == null) {
            AuditLog.record(ctx.channel().remoteAddress(), route.slot(), action, "ok");
            return ManagementResponses.detail(detail);
        }
        if (cause instanceof SlotException slotFailure) {
            AuditLog.record(ctx.channel().remoteAddress(), route.slot(), action,
                    slotFailure.kind().name().toLowerCase(java.util.Locale.ROOT));
            if (slotFailure.kind() == SlotException.Kind.NO_SUCH_SLOT) {
                return noSuchSlot(route.slot());
            }
            // the slot's messages name the slot and the kind of trouble, never card data
            return ManagementResponses.error(status(slotFailure.kind()), slotFailure.getMessage());
        }
        AuditLog.record(ctx.channel().remoteAddress(), route.slot(), action, "internal");
        log.warn("admin {} on slot {} failed", action, route.slot(), cause);
        return ManagementResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error");
    }

    private static HttpResponseStatus status(SlotException.Kind kind) {
        return switch (kind) {
            case NO_SUCH_SLOT -> HttpResponseStatus.NOT_FOUND;
            case NO_CARD -> HttpResponseStatus.GONE;
            case BUSY, TRANSPORT_DOWN, OUT_OF_SERVICE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            case TIMEOUT -> HttpResponseStatus.GATEWAY_TIMEOUT;
            case CARD_PROTOCOL -> HttpResponseStatus.BAD_GATEWAY;
            case FORBIDDEN -> HttpResponseStatus.FORBIDDEN;
            case BAD_REQUEST -> HttpResponseStatus.BAD_REQUEST;
            case INTERNAL -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
        };
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
