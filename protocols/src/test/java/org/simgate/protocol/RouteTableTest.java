package org.simgate.protocol;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.HEAD;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private final RouteTable<String> strict = RouteTable.<String>builder().headAsGet().maxSlotDigits(5)
            .variable("serial", s -> s.matches("SG[0-9]{2}"))
            .route(GET, "/slots/{slot}", "slot")
            .route(POST, "/slots/{slot}/drain", "drain")
            .route(GET, "/things/{serial}", "thing")
            .route(DELETE, "/things/{serial}", "forget")
            .route(GET, "/health", "health")
            .build();

    private final RouteTable<String> lenient = RouteTable.<String>builder().lenient()
            .route(POST, "/auth/slot/{slot}", "auth")
            .route(GET, "/info/slot/{slot}/suci", "suci")
            .route(GET, "/info/slot/{slot}", "info")
            .build();

    private static String value(RouteTable<String> table, HttpMethod method, String path) {
        RouteTable.Route<String> route = table.find(method, path);
        return route == null ? null : route.accepts(method) ? route.value() : "405 " + route.allow();
    }

    @Test
    void aStrictTableMatchesOnlyWhatItsVariablesAllow() {
        assertEquals("slot", value(strict, GET, "/slots/12345"));
        assertEquals(12345, strict.slot(strict.find(GET, "/slots/12345"), "/slots/12345", 0, 12));
        assertEquals("drain", value(strict, POST, "/slots/0/drain"));
        for (String path : new String[] {"/slots/", "/slots/x", "/slots/123456", "/slots/1/x", "/slots/1/drain/",
                "/things/SG1", "/things/SG12/x", "/healthz", "/health/"}) {
            assertNull(value(strict, GET, path), path);
        }
        assertEquals("SG12", strict.find(GET, "/things/SG12").variable("/things/SG12", 0, 12));
    }

    @Test
    void aDigitsVariableIsKeptAsTextWithItsLeadingZeros() {
        RouteTable<String> strictDigits = RouteTable.<String>builder().digits("imsi", 6, 15)
                .route(GET, "/imsi/{imsi}/suci", "suci")
                .route(GET, "/imsi/{imsi}", "card")
                .build();
        String path = "/imsi/001010000000101";
        RouteTable.Route<String> route = strictDigits.find(GET, path);
        assertEquals("card", route.value());
        assertEquals("001010000000101", route.digits(path, 0, path.length()));
        assertEquals(RouteTable.NO_SLOT, strictDigits.slot(route, path, 0, path.length()));
        assertEquals("suci", value(strictDigits, GET, "/imsi/001010/suci"));
        for (String bad : new String[] {"/imsi/", "/imsi/00101", "/imsi/0010100000001011", "/imsi/00101000000010x",
                "/imsi/-00101", "/imsi/001010/x", "/imsi/00101/suci"}) {
            assertNull(value(strictDigits, GET, bad), bad);
        }

        RouteTable<String> lenientDigits = RouteTable.<String>builder().lenient().digits("imsi", 6, 15)
                .route(GET, "/imsi/{imsi}", "card")
                .build();
        route = lenientDigits.find(GET, "/imsi/00101x");
        assertEquals("card", route.value(), "a lenient table matches, for a 400");
        assertNull(route.digits("/imsi/00101x", 0, 12));
        assertNull(lenient.find(POST, "/auth/slot/1").digits("/auth/slot/1", 0, 12), "a slot is no digits variable");
    }

    @Test
    void aWrongMethodNamesEveryMethodOfThePath() {
        assertEquals("405 GET, DELETE", value(strict, POST, "/things/SG12"));
        assertEquals("forget", value(strict, DELETE, "/things/SG12"));
        assertEquals("405 POST", value(strict, GET, "/slots/1/drain"));
        assertEquals("health", value(strict, HEAD, "/health"), "a GET route answers HEAD in this table");
        assertEquals("405 POST", value(lenient, HEAD, "/auth/slot/0"));
    }

    @Test
    void aLenientTableMatchesABadSlotAndTriesRoutesInOrder() {
        assertEquals("suci", value(lenient, GET, "/info/slot/3/suci"));
        assertEquals("info", value(lenient, GET, "/info/slot/suci"), "no slot before /suci: the slot is 'suci'");
        for (String slot : new String[] {"", "x", "1/2", "1234567890"}) {
            String path = "/auth/slot/" + slot;
            assertEquals(RouteTable.BAD_SLOT, lenient.slot(lenient.find(POST, path), path, 0, path.length()), slot);
        }
        assertEquals(RouteTable.NO_SLOT, strict.slot(strict.find(GET, "/health"), "/health", 0, 7));
    }

    @Test
    void aPatternHasOneVariableAtMost() {
        assertThrows(IllegalArgumentException.class,
                () -> RouteTable.<String>builder().route(GET, "/{a}/{b}", "x"));
        assertFalse(strict.routes().isEmpty());
        assertTrue(strict.find(GET, "/slots/1").accepts(GET));
    }
}
