package org.simgate.protocol.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RequestTargetTest {

    @Test
    void routesPathsWithSlots() {
        assertEquals(new RequestTarget(Endpoint.SIM_AUTH, 0, null), RequestTarget.parse("/sim-auth-api/v1/slot/0"));
        assertEquals(new RequestTarget(Endpoint.SIM_INFO, 12, "x=1"), RequestTarget.parse("/sim-info-api/v1/slot/12?x=1"));
        assertEquals(new RequestTarget(Endpoint.APDU, 3, null), RequestTarget.parse("/apdu-api/v1/slot/003"));
        assertEquals(new RequestTarget(Endpoint.SIM_AUTH, 999_999_999, null),
                RequestTarget.parse("/sim-auth-api/v1/slot/999999999"));
    }

    @Test
    void aSlotThatIsNotANumberIsBad() {
        for (String slot : new String[] {"", "x", "1x", "-1", "+1", "1/", "1234567890", "\u0661"}) {
            assertEquals(RequestTarget.BAD_SLOT, RequestTarget.parse("/sim-auth-api/v1/slot/" + slot).slot(), slot);
        }
    }

    @Test
    void routesFixedPathsAndTheUsimHttpsRoot() {
        assertEquals(new RequestTarget(Endpoint.HEALTH, RequestTarget.NO_SLOT, null), RequestTarget.parse("/health"));
        assertEquals(new RequestTarget(Endpoint.SLOTS, RequestTarget.NO_SLOT, ""), RequestTarget.parse("/api/v1/slots?"));
        assertEquals(new RequestTarget(Endpoint.USIM_HTTPS, RequestTarget.NO_SLOT, "type=imsi"),
                RequestTarget.parse("/?type=imsi"));
        assertEquals(new RequestTarget(Endpoint.USIM_HTTPS, RequestTarget.NO_SLOT, null), RequestTarget.parse("/"));
        assertEquals(new RequestTarget(Endpoint.HEALTH, RequestTarget.NO_SLOT, null),
                RequestTarget.parse("http://127.0.0.1:8000/health"));
        assertEquals(new RequestTarget(Endpoint.USIM_HTTPS, RequestTarget.NO_SLOT, "type=imsi"),
                RequestTarget.parse("https://example.org/?type=imsi"));
    }

    @Test
    void unknownPathsHaveNoTarget() {
        for (String uri : new String[] {"", "*", "health", "/healthz", "/Health", "/api/v1/slot", "/sim-auth-api/v1/slot",
                "/sim-auth-api/v1/slots/0", "http://host", "ftp://host/health", "//health"}) {
            assertNull(RequestTarget.parse(uri), uri);
        }
    }
}
