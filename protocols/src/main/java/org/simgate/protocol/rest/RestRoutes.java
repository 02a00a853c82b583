package org.simgate.protocol.rest;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.List;
import org.simgate.protocol.RouteTable;
import org.simgate.security.access.Operation;
import org.simgate.service.AuthRequest;
import org.simgate.service.CardInfo;
import org.simgate.service.SlotException;

/**
 * The REST listener's routes, each declared once — method, path, the operation its guard checks,
 * its handler method — and the handler methods, which call the service and name the answer's
 * encoder. A new route is one line in {@link #table} and one method here.
 *
 * <p>A simulated subscriber's card ({@code simgate.subscribers}) is addressed by its IMSI, beside
 * the slots: its routes share the slot routes' handler methods, as the handler resolves the IMSI to
 * the card's id ({@link org.simgate.service.SimService#subscriberCard}) before the guard.
 *
 * <p>Which operation a request asks for: sim-auth and usim-https rand-autn are aka; sim-info,
 * SUCI, the slot list and usim-https imsi are info; apdu-api and usim-https apdu are apdu. /health
 * and the device finalization are open to every client.
 */
final class RestRoutes {
    private static final int MAX_SLOT_DIGITS = 9;
    private static final String IMSI = "imsi";
    private static final int MIN_IMSI_DIGITS = 6;
    private static final int MAX_IMSI_DIGITS = 15;

    /** Declared before the tables, which hold it. */
    private static final RestRoute HEALTH = new RestRoute(null, RestRoutes::health);

    /** Every route. */
    static final RouteTable<RestRoute> WITH_DEVICES = table(true);
    /** Without device registration the finalize path is unknown (404). */
    static final RouteTable<RestRoute> WITHOUT_DEVICES = table(false);

    private RestRoutes() {
    }

    /** In the order they are tried: the busy ones first. */
    private static RouteTable<RestRoute> table(boolean devices) {
        RouteTable.Builder<RestRoute> table = RouteTable.<RestRoute>builder().lenient().maxSlotDigits(MAX_SLOT_DIGITS)
                .digits(IMSI, MIN_IMSI_DIGITS, MAX_IMSI_DIGITS)
                .route(POST, "/sim-auth-api/v1/slot/{slot}", guarded(Operation.AKA, RestRoutes::simAuth))
                .route(GET, "/sim-info-api/v1/slot/{slot}/suci", guarded(Operation.INFO, RestRoutes::suci))
                .route(GET, "/sim-info-api/v1/slot/{slot}", guarded(Operation.INFO, RestRoutes::simInfo))
                .route(POST, "/apdu-api/v1/slot/{slot}", guarded(Operation.APDU, RestRoutes::apdu))
                .route(POST, "/sim-auth-api/v1/imsi/{imsi}", guarded(Operation.AKA, RestRoutes::simAuth))
                .route(GET, "/sim-info-api/v1/imsi/{imsi}/suci", guarded(Operation.INFO, RestRoutes::suci))
                .route(GET, "/sim-info-api/v1/imsi/{imsi}", guarded(Operation.INFO, RestRoutes::simInfo))
                .route(GET, "/", new RestRoute(RestRoutes::usimOperation, RestRoutes::usimHttps))
                .route(GET, "/health", HEALTH)
                .route(GET, "/api/v1/slots", guarded(Operation.INFO, RestRoutes::slots))
                .route(POST, "/auc-api/v1/vectors", guarded(Operation.AUC, RestRoutes::aucVector));
        if (devices) {
            // unauthenticated by design: the request's own signature over the registration's challenge is the proof
            table.route(POST, "/admin/v1/devices/finalize", new RestRoute(null, x -> x.handler().finalizeDevice(x)));
        }
        return table.build();
    }

    private static RestRoute guarded(Operation operation, RestRoute.Handler handler) {
        return new RestRoute(x -> operation, handler);
    }

    /**
     * The route of a request URI (origin form, or absolute form whose scheme and authority are
     * skipped), with the request's slot (or IMSI) and query set on {@code x}; null when no route has its path.
     */
    static RouteTable.Route<RestRoute> find(RouteTable<RestRoute> table, HttpMethod method, String uri,
                                           PendingResponse x) {
        int start = pathStart(uri);
        if (start < 0) {
            return null;
        }
        int end = uri.indexOf('?', start);
        if (end < 0) {
            end = uri.length();
        } else {
            x.query = uri.substring(end + 1);
        }
        RouteTable.Route<RestRoute> route = table.find(method, uri, start, end);
        if (route != null) {
            x.slot = table.slot(route, uri, start, end);
            if (IMSI.equals(route.variableName())) {
                x.imsi = route.digits(uri, start, end);
                if (x.imsi == null) {
                    x.imsi = "";
                    x.slot = RouteTable.BAD_SLOT;
                }
            }
        }
        return route;
    }

    /** {@code /health}: any site may poll it (the cross-site check lets it through). */
    static boolean isHealth(String uri) {
        int start = pathStart(uri);
        if (start < 0) {
            return false;
        }
        int end = uri.indexOf('?', start);
        RouteTable.Route<RestRoute> route = WITHOUT_DEVICES.find(GET, uri, start, end < 0 ? uri.length() : end);
        return route != null && route.value() == HEALTH;
    }

    /** Index of the path's leading '/', skipping the scheme and authority of an absolute URI. */
    private static int pathStart(String uri) {
        if (uri.startsWith("/")) {
            return 0;
        }
        int scheme = uri.startsWith("http://") ? 7 : uri.startsWith("https://") ? 8 : -1;
        if (scheme < 0) {
            return -1;
        }
        return uri.indexOf('/', scheme);
    }

    private static void simAuth(PendingResponse x) throws IOException, MalformedRequestException {
        x.await(x.service().authenticate(x.slot, RequestBodies.authRequest(x.body())), RestResponses::authResult);
    }

    private static void simInfo(PendingResponse x) {
        x.await(x.service().info(x.slot), RestResponses::cardInfo);
    }

    private static void suci(PendingResponse x) throws MalformedRequestException {
        x.await(x.service().suci(x.slot, SuciQuery.parse(x.query)), RestResponses::suci);
    }

    private static void apdu(PendingResponse x) throws IOException, MalformedRequestException {
        x.await(x.service().transmit(x.slot, RequestBodies.apdus(x.body())), RestResponses::apduResponses);
    }

    /** The AuC's vector API (docs/auc.md); unknown (404) when the gateway runs no AuC. */
    private static void aucVector(PendingResponse x) throws IOException, MalformedRequestException {
        if (x.handler().auc() == null) {
            x.answer(RestResponses.error(x.alloc(), HttpResponseStatus.NOT_FOUND, "no such resource"));
            return;
        }
        x.await(AucVectorWire.vector(x.handler().auc(), AucVectorWire.request(x.body())), AucVectorWire::answer);
    }

    private static void slots(PendingResponse x) {
        x.answer(RestResponses.slots(x.alloc(), x.service().slots(), x.service().links()));
    }

    private static void health(PendingResponse x) {
        x.audited = false; // open to all, and polled: not a client operation
        x.answer(RestResponses.health(x.alloc()));
    }

    private static Operation usimOperation(PendingResponse x) throws MalformedRequestException {
        return switch (x.usim().type()) {
            case IMSI -> Operation.INFO;
            case RAND_AUTN -> Operation.AKA;
            case APDU -> Operation.APDU;
        };
    }

    private static void usimHttps(PendingResponse x) throws MalformedRequestException {
        UsimHttpsQuery query = x.usim();
        switch (query.type()) {
            case IMSI -> x.await(x.service().info(query.slot()), RestRoutes::usimImsi);
            case RAND_AUTN -> x.await(x.service().authenticate(query.slot(),
                    new AuthRequest(query.application(), query.rand(), query.autn())), UsimHttpsResponses::authResult);
            case APDU -> x.await(x.service().transmit(query.slot(), List.of(query.apdu())), RestRoutes::usimApdu);
            default -> throw new IllegalStateException("unrouted usim-https type " + query.type());
        }
    }

    private static FullHttpResponse usimImsi(ByteBufAllocator alloc, CardInfo info) {
        return UsimHttpsResponses.imsi(alloc, info.imsi());
    }

    private static FullHttpResponse usimApdu(ByteBufAllocator alloc, List<byte[]> responses) {
        if (responses.size() != 1 || responses.get(0).length < 2) {
            throw new SlotException(SlotException.Kind.CARD_PROTOCOL, "card answer has no status word");
        }
        return UsimHttpsResponses.apdu(alloc, responses.get(0));
    }
}
