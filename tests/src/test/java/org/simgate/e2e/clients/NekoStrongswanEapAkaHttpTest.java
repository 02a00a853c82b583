package org.simgate.e2e.clients;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AuthenticationVector;

/**
 * neko-strongswan's eap-aka-http plugin (MercuryWorkshop/neko-strongswan,
 * src/libcharon/plugins/eap_aka_http/eap_aka_http_card.c; default server
 * {@code unix:/run/nekoims/simcard.sock}) against simgate's UNIX socket listener: its exact
 * request bytes, read back and parsed as that file does ({@link EapAkaHttpCard}). It resynchronises
 * only through an {@code "auts"} string, and needs a 200 and the connection closed after the answer.
 */
class NekoStrongswanEapAkaHttpTest {
    /** The IKE identity strongSwan authenticates: 0 and the IMSI at the EPC NAI realm (TS 23.003 19.3.2). */
    static final String IDENTITY = "0" + Subscriber.IMSI + "@nai.epc.mnc001.mcc001.3gppnetwork.org";

    @TempDir
    static Path dir;
    static ClientsGateway gateway;
    static final Subscriber subscriber = new Subscriber();

    @BeforeAll
    static void start() throws Exception {
        gateway = ClientsGateway.start(dir);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void theImsiRequestIsAnsweredAndTheConnectionClosed() throws Exception {
        UnixSocketHttp.Exchange exchange = UnixSocketHttp.exchange(gateway.socket(), EapAkaHttpCard.request("type=imsi"),
                EapAkaHttpCard.MAX_RESPONSE - 1);

        String body = "{\n\t\"imsi\": \"" + Subscriber.IMSI + "\"\n}";
        assertEquals("HTTP/1.0 200 OK\r\ncontent-type: application/json\r\ncontent-length: " + body.length()
                + "\r\n\r\n" + body, exchange.received());
        assertTrue(exchange.closedByServer(), "the plugin reads until the server closes an HTTP/1.0 connection");
        assertEquals(Subscriber.IMSI, EapAkaHttpCard.jsonString(body, "imsi", 16));
    }

    @Test
    void getQuintupletAnswersResCkIk() throws Exception {
        AuthenticationVector v = subscriber.next();

        EapAkaHttpCard.Quintuplet answer = new EapAkaHttpCard(gateway.socket()).getQuintuplet(IDENTITY, v.rand(), v.autn());

        EapAkaHttpCard.Success success = assertInstanceOf(EapAkaHttpCard.Success.class, answer);
        assertArrayEquals(v.xres(), success.res());
        assertArrayEquals(v.ck(), success.ck());
        assertArrayEquals(v.ik(), success.ik());
    }

    @Test
    void aSyncFailureReachesResyncThroughTheAutsKeyAndTheNextVectorSucceeds() throws Exception {
        EapAkaHttpCard card = new EapAkaHttpCard(gateway.socket());
        AuthenticationVector used = subscriber.next();
        assertInstanceOf(EapAkaHttpCard.Success.class, card.getQuintuplet(IDENTITY, used.rand(), used.autn()));

        // a replayed vector: the card refuses its SQN and answers AUTS
        assertInstanceOf(EapAkaHttpCard.SyncFailure.class, card.getQuintuplet(IDENTITY, used.rand(), used.autn()));
        byte[] auts = card.resync(used.rand());

        assertNotNull(auts, "resync finds the AUTS of the sync failure");
        long sqnMs = subscriber.resynchronise(used.rand(), auts);
        assertTrue(sqnMs >= used.sqn(), "SQN_MS " + sqnMs + " is at least the replayed SQN " + used.sqn());
        assertNull(card.resync(used.rand()), "an AUTS is handed out once");
        AuthenticationVector next = subscriber.next();
        assertTrue(next.sqn() > sqnMs, "the home network continues after SQN_MS");
        EapAkaHttpCard.Success success = assertInstanceOf(EapAkaHttpCard.Success.class,
                card.getQuintuplet(IDENTITY, next.rand(), next.autn()));
        assertArrayEquals(next.xres(), success.res());
    }

    @Test
    void aWrongMacFailsTheCardWithoutKillingTheListener() throws Exception {
        AuthenticationVector v = subscriber.next();
        byte[] autn = v.autn();
        autn[15] ^= 0x01;

        assertInstanceOf(EapAkaHttpCard.Failed.class, new EapAkaHttpCard(gateway.socket()).getQuintuplet(IDENTITY, v.rand(), autn));
        assertEquals(Subscriber.IMSI, EapAkaHttpCard.jsonString(new EapAkaHttpCard(gateway.socket()).httpGet("type=imsi"), "imsi", 16));
    }

    @Test
    void anotherSubscribersIdentityIsLeftToOtherCards() throws Exception {
        AuthenticationVector v = subscriber.next();

        assertInstanceOf(EapAkaHttpCard.Failed.class, new EapAkaHttpCard(gateway.socket())
                .getQuintuplet("0001019999999999@nai.epc.mnc001.mcc001.3gppnetwork.org", v.rand(), v.autn()));
    }
}
