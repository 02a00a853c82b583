package org.simgate.protocol.management;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.simgate.protocol.RouteTable;
import org.simgate.protocol.management.ManagementRoute.Audit;
import org.simgate.security.access.Operation;
import org.simgate.service.AdminService;
import org.simgate.service.Outcome;
import org.simgate.service.ReloadResult;
import org.simgate.service.SlotDetail;
import org.simgate.service.SlotException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management listener's routes, each declared once — method, path, the operation its guard
 * checks, its handler method — and the handler methods. Every route but the probes needs
 * {@code admin} (on the route's slot, or on some slot). A GET route answers HEAD too. A new route is
 * one line in {@link #TABLE} and one method here.
 *
 * <p>Reads, health and metrics are answered at once on the event loop (none touches a card); slot
 * actions go to the {@link AdminService}, whose future completes on the slot's thread, and are
 * answered back on the event loop.
 */
final class ManagementRoutes {
    private static final Logger log = LoggerFactory.getLogger(ManagementRoutes.class);
    /** A serial (SGDEV and 8 hex digits) or a key id (dev-SGDEV…); anything else names nothing here. */
    private static final Pattern SERIAL = Pattern.compile("SGDEV[0-9A-F]{8}");
    private static final Pattern KEY_ID = Pattern.compile("dev-SGDEV[0-9A-F]{8}");
    private static final String UI = "/ui";

    static final RouteTable<ManagementRoute> TABLE = RouteTable.<ManagementRoute>builder()
            .headAsGet().maxSlotDigits(5)
            .variable("serial", serial -> SERIAL.matcher(serial).matches())
            .variable("keyId", keyId -> KEY_ID.matcher(keyId).matches())
            .route(GET, "/health", probe("health", x -> x.answer(ManagementResponses.health())))
            .route(GET, "/ready", probe("ready", x -> x.answer(ManagementResponses.ready(x.admin().slots()))))
            .route(GET, "/metrics", read("metrics", ManagementRoutes::metrics))
            .route(GET, "/admin/v1/slots", read("slots", x -> x.answer(ManagementResponses.slots(x.admin().slots()))))
            .route(GET, "/admin/v1/slots/{slot}", read("slot", ManagementRoutes::slot))
            .route(GET, "/admin/v1/links", read("links", x -> x.answer(ManagementResponses.links(x.admin().links()))))
            .route(POST, "/admin/v1/slots/{slot}/drain", slotAction("drain", AdminService::drain))
            .route(POST, "/admin/v1/slots/{slot}/undrain", slotAction("undrain", AdminService::undrain))
            .route(POST, "/admin/v1/slots/{slot}/reset", slotAction("reset", AdminService::reset))
            .route(POST, "/admin/v1/slots/{slot}/reread", slotAction("reread", AdminService::reread))
            .route(POST, "/admin/v1/reload", new ManagementRoute("reload", Operation.ADMIN, Audit.ACTION,
                    ManagementRoutes::reload, null))
            .route(GET, UI, read("ui_redirect", x -> x.answer(DashboardPage.redirect())))
            .route(GET, UI + "/", read("ui_page", x -> x.answer(DashboardPage.page())))
            .route(GET, UI + "/index.html", read("ui_page", x -> x.answer(DashboardPage.page())))
            .route(GET, UI + "/app.js", read("ui_script", x -> x.answer(DashboardPage.script())))
            .route(GET, UI + "/style.css", read("ui_style", x -> x.answer(DashboardPage.style())))
            .route(GET, UI + "/events", read("ui_events", x -> x.handler().stream(x)))
            .route(GET, "/admin/v1/devices", read("devices", x -> x.handler().devices(x, DeviceEndpoints::devices)))
            .route(GET, "/admin/v1/devices/registrations", read("registrations",
                    x -> x.handler().devices(x, DeviceEndpoints::registrations)))
            .route(POST, "/admin/v1/devices/registrations", read("register",
                    x -> x.handler().devices(x, DeviceEndpoints::register)))
            .route(GET, "/admin/v1/devices/registrations/{serial}", read("registration",
                    x -> x.handler().devices(x, DeviceEndpoints::registration)))
            .route(DELETE, "/admin/v1/devices/registrations/{serial}", read("cancel_registration",
                    x -> x.handler().devices(x, DeviceEndpoints::cancel)))
            .route(GET, "/admin/v1/devices/registrations/{serial}/qr.png", read("registration_qr",
                    x -> x.handler().devices(x, DeviceEndpoints::qrCode)))
            .route(DELETE, "/admin/v1/devices/{keyId}", new ManagementRoute("revoke_device", Operation.ADMIN, Audit.NONE,
                    x -> x.handler().devices(x, DeviceEndpoints::revoke), "use DELETE, or POST …/revoke"))
            .route(POST, "/admin/v1/devices/{keyId}/revoke", read("revoke_device",
                    x -> x.handler().devices(x, DeviceEndpoints::revoke)))
            .build();

    private ManagementRoutes() {
    }

    private static ManagementRoute probe(String name, ManagementRoute.Handler handler) {
        return new ManagementRoute(name, null, Audit.NONE, handler, null);
    }

    /** A route for admins, audited only with authentication on. */
    private static ManagementRoute read(String name, ManagementRoute.Handler handler) {
        return new ManagementRoute(name, Operation.ADMIN, Audit.NONE, handler, null);
    }

    /** What a slot action asks of the service. */
    @FunctionalInterface
    private interface SlotAction {
        CompletableFuture<SlotDetail> on(AdminService admin, int slot);
    }

    private static ManagementRoute slotAction(String name, SlotAction action) {
        return new ManagementRoute(name, Operation.ADMIN, Audit.SLOT_ACTION,
                x -> x.await(ManagementExchange.call(() -> action.on(x.admin(), x.slot)), ManagementRoutes::acted), null);
    }

    /**
     * The path a request URI names for this table: decoded, without a trailing slash — except for
     * the dashboard, where /ui and /ui/ differ.
     */
    static String path(String uri) {
        String path = new QueryStringDecoder(uri).path();
        boolean dashboard = path.equals(UI) || path.startsWith(UI + "/");
        if (!dashboard && path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }

    private static void metrics(ManagementExchange x) {
        Supplier<String> metrics = x.handler().metrics();
        x.answer(metrics == null
                ? ManagementResponses.error(HttpResponseStatus.NOT_FOUND, "metrics are off (simgate.management.metrics)")
                : ManagementResponses.metrics(metrics.get()));
    }

    /** The first look at a card waits for the one read of its identity, on the slot's thread. */
    private static void slot(ManagementExchange x) {
        x.await(ManagementExchange.call(() -> x.admin().identifiedDetail(x.slot)), (request, detail, cause) -> {
            if (detail != null) {
                request.answer(ManagementResponses.detail(detail));
            } else if (cause == null || cause instanceof SlotException e && e.kind() == SlotException.Kind.NO_SUCH_SLOT) {
                request.answer(noSuchSlot(request.slot));
            } else {
                log.warn("admin slot {} failed", request.slot, cause);
                request.answer(ManagementResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error"));
            }
        });
    }

    private static void acted(ManagementExchange x, SlotDetail detail, Throwable cause) {
        if (cause == null) {
            x.answer(ManagementResponses.detail(detail), "ok");
        } else if (cause instanceof SlotException slotFailure) {
            Outcome outcome = Outcome.of(slotFailure.kind());
            // the slot's messages name the slot and the kind of trouble, never card data
            x.answer(outcome == Outcome.NO_SUCH_SLOT ? noSuchSlot(x.slot) : ManagementResponses.error(
                    HttpResponseStatus.valueOf(outcome.httpStatus()), slotFailure.getMessage()), outcome.adminAuditWord());
        } else {
            log.warn("admin {} on slot {} failed", x.value().name(), x.slot, cause);
            x.answer(ManagementResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error"), "internal");
        }
    }

    /** 200 with what changed, or 400 with the config's one-line error (the running config stays). */
    private static void reload(ManagementExchange x) {
        x.await(ManagementExchange.call(() -> x.admin().reload()), (request, result, cause) -> {
            if (cause == null) {
                request.answer(ManagementResponses.reload(result), "ok");
            } else if (cause instanceof ReloadResult.Refused refused) {
                request.answer(ManagementResponses.error(HttpResponseStatus.BAD_REQUEST, refused.getMessage()), "refused");
            } else {
                log.warn("admin reload failed", cause);
                request.answer(ManagementResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error"),
                        "internal");
            }
        });
    }

    static FullHttpResponse noSuchSlot(int slot) {
        return ManagementResponses.error(HttpResponseStatus.NOT_FOUND, "no slot " + slot);
    }
}
