package org.simgate.protocol.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.simgate.protocol.rest.EmbeddedRest.get;
import static org.simgate.protocol.rest.EmbeddedRest.post;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.simgate.protocol.RouteTable;
import org.simgate.service.SimService;
import org.simgate.service.SlotStatus;

/** {@code /sim-auth-api/v1/imsi/{imsi}} and {@code /sim-info-api/v1/imsi/{imsi}}: a subscriber's card by IMSI. */
class SubscriberAddressingTest {
    private static final String IMSI = "001010000000101";
    /** The id the service gives the subscriber's card: here the fake's slot 1, so the fake answers for it. */
    private static final int CARD_ID = 1;

    private final FakeSimService fake = new FakeSimService();
    private final EmbeddedRest rest = new EmbeddedRest(withSubscriber(fake), RestSettings.DEFAULTS);

    /** The fake, plus one subscriber card that the service resolves by IMSI. */
    private static SimService withSubscriber(FakeSimService fake) {
        return (SimService) Proxy.newProxyInstance(SimService.class.getClassLoader(), new Class<?>[] {SimService.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("subscriberCard")) {
                        return IMSI.equals(args[0]) ? new SlotStatus(CARD_ID, IMSI, "subscriber",
                                SlotStatus.State.PRESENT, FakeSimService.ATR, 0, null, false) : null;
                    }
                    try {
                        return method.invoke(fake, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** "pattern imsi slot query" of a request URI, as the route table reads it. */
    private static String target(HttpMethod method, String uri) {
        PendingResponse x = new PendingResponse(null, HttpVersion.HTTP_1_1, true);
        RouteTable.Route<RestRoute> route = RestRoutes.find(RestRoutes.WITH_DEVICES, method, uri, x);
        return route.pattern() + " " + x.imsi + " " + x.slot + " " + x.query;
    }

    @Test
    void parsesTheImsiPaths() {
        assertEquals("/sim-auth-api/v1/imsi/{imsi} " + IMSI + " -1 null",
                target(HttpMethod.POST, "/sim-auth-api/v1/imsi/" + IMSI));
        assertEquals("/sim-info-api/v1/imsi/{imsi} 001010 -1 x=1", target(HttpMethod.GET, "/sim-info-api/v1/imsi/001010?x=1"));
        assertEquals("/sim-info-api/v1/imsi/{imsi}/suci " + IMSI + " -1 null",
                target(HttpMethod.GET, "/sim-info-api/v1/imsi/" + IMSI + "/suci"));
        assertEquals("/sim-info-api/v1/imsi/{imsi}/suci  " + RouteTable.BAD_SLOT + " null",
                target(HttpMethod.GET, "/sim-info-api/v1/imsi/00101/suci"));
        assertEquals("/sim-info-api/v1/slot/{slot} null 0 null", target(HttpMethod.GET, "/sim-info-api/v1/slot/0"));
    }

    @Test
    void authenticatesOnTheSubscribersCard() {
        EmbeddedRest.Answer answer = rest.send(post("/sim-auth-api/v1/imsi/" + IMSI, SimAuthApiTest.BODY)).answer();
        assertEquals(200, answer.status());
        assertEquals("{\"successful_3g_authentication\":{\"res\":\"a54211d5e3ba50bf\","
                + "\"ck\":\"b40ba9a3c58b2a05bbf0d987b21bf8cb\",\"ik\":\"f769bcd751044604127672711c6d3441\","
                + "\"kc\":\"eae4be823af9a08b\"}}", answer.body());
        assertEquals(CARD_ID, fake.lastCall().slot());
    }

    @Test
    void readsTheSubscribersCard() {
        EmbeddedRest.Answer answer = rest.send(get("/sim-info-api/v1/imsi/" + IMSI)).answer();
        assertEquals(200, answer.status());
        assertEquals("info", fake.lastCall().operation());
        assertEquals(CARD_ID, fake.lastCall().slot());
    }

    @Test
    void anUnknownImsiIs404() {
        EmbeddedRest.Answer answer = rest.send(get("/sim-info-api/v1/imsi/001010000000999")).answer();
        assertEquals(404, answer.status());
        assertEquals("{\"error\":{\"message\":\"no subscriber 001010000000999\"}}", answer.body());
        assertEquals(0, fake.calls.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"00101", "0010100000001011", "00101000000010x", "-1"})
    void aPathThatIsNoImsiIs400(String imsi) {
        EmbeddedRest.Answer answer = rest.send(post("/sim-auth-api/v1/imsi/" + imsi, SimAuthApiTest.BODY)).answer();
        assertEquals(400, answer.status());
        assertEquals("{\"error\":{\"message\":\"bad IMSI (6 to 15 digits)\"}}", answer.body());
    }
}
