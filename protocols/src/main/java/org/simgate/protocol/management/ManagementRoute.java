package org.simgate.protocol.management;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a management request asks for: an action and, for slot actions, the slot; for device
 * actions, the registration's serial or the device's key id ({@code name}).
 */
record ManagementRoute(Action action, int slot, String name) {

    enum Action {
        HEALTH, READY, METRICS, SLOTS, SLOT, DRAIN, UNDRAIN, RESET, REREAD, RELOAD,
        /** The dashboard: /ui without its slash, its page, script, style sheet and event stream. */
        UI_REDIRECT, UI_PAGE, UI_SCRIPT, UI_STYLE, UI_EVENTS,
        /** Device registration: create, list pending, one pending, its QR code, cancel it; devices, revoke one. */
        REGISTER, REGISTRATIONS, REGISTRATION, REGISTRATION_QR, CANCEL_REGISTRATION, DEVICES, REVOKE_DEVICE;

        /** The name audit lines use. */
        String auditName() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean changesSlot() {
            return this == DRAIN || this == UNDRAIN || this == RESET || this == REREAD;
        }

        boolean onDevices() {
            return ordinal() >= REGISTER.ordinal();
        }

        /** Probes answer anyone: a load balancer or an orchestrator has no key. */
        boolean open() {
            return this == HEALTH || this == READY;
        }
    }

    ManagementRoute(Action action, int slot) {
        this(action, slot, null);
    }

    /** Why a request has no route: 404 for an unknown path, 405 (with the allowed method) for a wrong method. */
    static final class NoRoute extends Exception {
        final HttpResponseStatus status;
        final String allow;

        NoRoute(HttpResponseStatus status, String allow, String message) {
            super(message, null, false, false);
            this.status = status;
            this.allow = allow;
        }
    }

    private static final String SLOTS_PREFIX = "/admin/v1/slots";
    private static final String RELOAD = "/admin/v1/reload";
    private static final String DEVICES = "/admin/v1/devices";
    private static final String REGISTRATIONS = DEVICES + "/registrations";
    /** A serial (SGDEV and 8 hex digits) or a key id (dev-SGDEV…); anything else names nothing here. */
    private static final Pattern SERIAL = Pattern.compile("SGDEV[0-9A-F]{8}");
    private static final Pattern KEY_ID = Pattern.compile("dev-SGDEV[0-9A-F]{8}");
    private static final String UI = "/ui";

    static ManagementRoute parse(HttpMethod method, String uri) throws NoRoute {
        String path = new QueryStringDecoder(uri).path();
        if (path.equals(UI) || path.startsWith(UI + "/")) {
            return dashboard(method, path); // before the trailing slash goes: /ui and /ui/ differ
        }
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        switch (path) {
            case "/health":
                return get(method, Action.HEALTH, -1);
            case "/ready":
                return get(method, Action.READY, -1);
            case "/metrics":
                return get(method, Action.METRICS, -1);
            case SLOTS_PREFIX:
                return get(method, Action.SLOTS, -1);
            case RELOAD:
                if (!HttpMethod.POST.equals(method)) {
                    throw new NoRoute(HttpResponseStatus.METHOD_NOT_ALLOWED, "POST", "use POST");
                }
                return new ManagementRoute(Action.RELOAD, -1);
            case DEVICES:
                return get(method, Action.DEVICES, -1);
            case REGISTRATIONS:
                if (HttpMethod.POST.equals(method)) {
                    return new ManagementRoute(Action.REGISTER, -1);
                }
                if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
                    throw new NoRoute(HttpResponseStatus.METHOD_NOT_ALLOWED, "GET, POST", "use GET or POST");
                }
                return new ManagementRoute(Action.REGISTRATIONS, -1);
            default:
                break;
        }
        if (path.startsWith(DEVICES + "/")) {
            return device(method, path);
        }
        if (!path.startsWith(SLOTS_PREFIX + "/")) {
            throw notFound();
        }
        String[] parts = path.substring(SLOTS_PREFIX.length() + 1).split("/", -1);
        int slot = slotId(parts[0]);
        if (parts.length == 1) {
            return get(method, Action.SLOT, slot);
        }
        if (parts.length != 2) {
            throw notFound();
        }
        Action action = switch (parts[1]) {
            case "drain" -> Action.DRAIN;
            case "undrain" -> Action.UNDRAIN;
            case "reset" -> Action.RESET;
            case "reread" -> Action.REREAD;
            default -> throw notFound();
        };
        if (!HttpMethod.POST.equals(method)) {
            throw new NoRoute(HttpResponseStatus.METHOD_NOT_ALLOWED, "POST", "use POST");
        }
        return new ManagementRoute(action, slot);
    }

    /** /admin/v1/devices/registrations/{serial}[/qr.png] and /admin/v1/devices/{keyId}[/revoke]. */
    private static ManagementRoute device(HttpMethod method, String path) throws NoRoute {
        if (path.startsWith(REGISTRATIONS + "/")) {
            String[] parts = path.substring(REGISTRATIONS.length() + 1).split("/", -1);
            if (!SERIAL.matcher(parts[0]).matches() || parts.length > 2) {
                throw notFound();
            }
            if (parts.length == 2) {
                if (!parts[1].equals("qr.png")) {
                    throw notFound();
                }
                return get(method, Action.REGISTRATION_QR, -1, parts[0]);
            }
            if (HttpMethod.DELETE.equals(method)) {
                return new ManagementRoute(Action.CANCEL_REGISTRATION, -1, parts[0]);
            }
            if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
                throw new NoRoute(HttpResponseStatus.METHOD_NOT_ALLOWED, "GET, DELETE", "use GET or DELETE");
            }
            return new ManagementRoute(Action.REGISTRATION, -1, parts[0]);
        }
        String[] parts = path.substring(DEVICES.length() + 1).split("/", -1);
        if (!KEY_ID.matcher(parts[0]).matches() || parts.length > 2) {
            throw notFound();
        }
        if (parts.length == 2) {
            if (!parts[1].equals("revoke")) {
                throw notFound();
            }
            if (!HttpMethod.POST.equals(method)) {
                throw new NoRoute(HttpResponseStatus.METHOD_NOT_ALLOWED, "POST", "use POST");
            }
            return new ManagementRoute(Action.REVOKE_DEVICE, -1, parts[0]);
        }
        if (!HttpMethod.DELETE.equals(method)) {
            throw new NoRoute(HttpResponseStatus.METHOD_NOT_ALLOWED, "DELETE", "use DELETE, or POST …/revoke");
        }
        return new ManagementRoute(Action.REVOKE_DEVICE, -1, parts[0]);
    }

    private static ManagementRoute dashboard(HttpMethod method, String path) throws NoRoute {
        Action action = switch (path) {
            case UI -> Action.UI_REDIRECT;
            case UI + "/", UI + "/index.html" -> Action.UI_PAGE;
            case UI + "/app.js" -> Action.UI_SCRIPT;
            case UI + "/style.css" -> Action.UI_STYLE;
            case UI + "/events" -> Action.UI_EVENTS;
            default -> throw notFound();
        };
        return get(method, action, -1);
    }

    private static ManagementRoute get(HttpMethod method, Action action, int slot) throws NoRoute {
        return get(method, action, slot, null);
    }

    private static ManagementRoute get(HttpMethod method, Action action, int slot, String name) throws NoRoute {
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            throw new NoRoute(HttpResponseStatus.METHOD_NOT_ALLOWED, "GET", "use GET");
        }
        return new ManagementRoute(action, slot, name);
    }

    private static int slotId(String text) throws NoRoute {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw notFound();
        }
        return Integer.parseInt(text);
    }

    private static NoRoute notFound() {
        return new NoRoute(HttpResponseStatus.NOT_FOUND, null, "not found");
    }
}
