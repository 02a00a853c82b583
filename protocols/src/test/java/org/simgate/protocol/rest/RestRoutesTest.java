package org.simgate.protocol.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import org.simgate.protocol.RouteTable;

/** The cases of the former RequestTargetTest, on the route table that replaced RequestTarget. */
class RestRoutesTest {

    /** "pattern slot query" of a request URI, or null when no route has its path. */
    private static String target(HttpMethod method, String uri) {
        PendingResponse x = new PendingResponse(null, HttpVersion.HTTP_1_1, true);
        RouteTable.Route<RestRoute> route = RestRoutes.find(RestRoutes.WITH_DEVICES, method, uri, x);
        return route == null ? null : route.pattern() + " " + x.slot + " " + x.query;
    }

    private static String target(String uri) {
        return target(HttpMethod.GET, uri);
    }

    @Test
    void routesPathsWithSlots() {
        assertEquals("/sim-auth-api/v1/slot/{slot} 0 null", target(HttpMethod.POST, "/sim-auth-api/v1/slot/0"));
        assertEquals("/sim-info-api/v1/slot/{slot} 12 x=1", target("/sim-info-api/v1/slot/12?x=1"));
        assertEquals("/sim-info-api/v1/slot/{slot}/suci 4 scheme=null", target("/sim-info-api/v1/slot/4/suci?scheme=null"));
        assertEquals("/apdu-api/v1/slot/{slot} 3 null", target(HttpMethod.POST, "/apdu-api/v1/slot/003"));
        assertEquals("/sim-auth-api/v1/slot/{slot} 999999999 null", target(HttpMethod.POST, "/sim-auth-api/v1/slot/999999999"));
    }

    @Test
    void aSlotThatIsNotANumberIsBad() {
        for (String slot : new String[] {"", "x", "1x", "-1", "+1", "1/", "1234567890", "\u0661"}) {
            assertEquals("/sim-auth-api/v1/slot/{slot} " + RouteTable.BAD_SLOT + " null",
                    target(HttpMethod.POST, "/sim-auth-api/v1/slot/" + slot), slot);
        }
    }

    @Test
    void routesFixedPathsAndTheUsimHttpsRoot() {
        assertEquals("/health -1 null", target("/health"));
        assertEquals("/api/v1/slots -1 ", target("/api/v1/slots?"));
        assertEquals("/ -1 type=imsi", target("/?type=imsi"));
        assertEquals("/ -1 null", target("/"));
        assertEquals("/health -1 null", target("http://127.0.0.1:8000/health"));
        assertEquals("/ -1 type=imsi", target("https://example.org/?type=imsi"));
        assertTrue(RestRoutes.isHealth("http://127.0.0.1:8000/health?x"));
    }

    @Test
    void aWrongMethodFindsTheRouteOfThePathWithItsAllow() {
        RouteTable.Route<RestRoute> route = RestRoutes.WITH_DEVICES.find(HttpMethod.POST, "/sim-info-api/v1/slot/0/suci");
        assertEquals("GET", route.allow());
        assertEquals(false, route.accepts(HttpMethod.POST));
        assertEquals(false, RestRoutes.WITH_DEVICES.find(HttpMethod.HEAD, "/health").accepts(HttpMethod.HEAD));
    }

    @Test
    void unknownPathsHaveNoTarget() {
        for (String uri : new String[] {"", "*", "health", "/healthz", "/Health", "/api/v1/slot", "/sim-auth-api/v1/slot",
                "/sim-auth-api/v1/slots/0", "http://host", "ftp://host/health", "//health"}) {
            assertNull(target(uri), uri);
        }
        assertNull(RestRoutes.WITHOUT_DEVICES.find(HttpMethod.POST, "/admin/v1/devices/finalize"));
    }
}
