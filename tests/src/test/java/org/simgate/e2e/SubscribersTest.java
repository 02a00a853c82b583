package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigUtil;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AuthenticationVector;
import org.simgate.subscriber.Subscriber;
import org.simgate.transport.Hex;

/**
 * {@code simgate.subscribers}: each row of the CSV is a software card addressed by IMSI over REST and
 * the line protocol, beside the slots, which stay.
 */
class SubscribersTest {
    static final String SUBSCRIBER = "001010000000101";
    @TempDir
    static Path dir;
    static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        Path csv = dir.resolve("subscribers.csv");
        Files.writeString(csv, "imsi,k,opc,amf,sqn,algorithm\n"
                + SUBSCRIBER + "," + TestCard.SET_1.k() + "," + TestCard.SET_1.opc() + ",8000,0,milenage\n"
                + "001010000000102," + TestCard.SET_2.k() + "," + TestCard.SET_2.opc() + ",8000,0,milenage\n");
        gateway = RunningGateway.start(dir, "simgate.subscribers { file = " + ConfigUtil.quoteString(csv.toString())
                + ", state-file = " + ConfigUtil.quoteString(dir.resolve("subscribers.sqn").toString()) + " }\n");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static TestCard card(String imsi) {
        TestCard keys = imsi.equals(SUBSCRIBER) ? TestCard.SET_1 : TestCard.SET_2;
        return new TestCard(imsi, Subscriber.derivedIccid(imsi), keys.k(), keys.opc());
    }

    @Test
    void simAuthByImsiAnswersAndRefusesTheReplay() {
        AuthenticationVector v = card(SUBSCRIBER).challenge(TestCard.sqn(7, 2));
        Http.Response first = gateway.client().post(gateway.http("/sim-auth-api/v1/imsi/" + SUBSCRIBER), SimAuthApiTest.body(v));
        assertEquals("200 " + SimAuthApiTest.success(v), first.toString());
        Http.Response replay = gateway.client().post(gateway.https("/sim-auth-api/v1/imsi/" + SUBSCRIBER), SimAuthApiTest.body(v));
        assertTrue(replay.body().startsWith("{\"synchronisation_failure\":{\"auts\":\""), replay.toString());
    }

    @Test
    void simInfoByImsiReadsTheCard() {
        TestCard card = card("001010000000102");
        assertEquals("200 " + card.simInfo(), gateway.client().get(gateway.http("/sim-info-api/v1/imsi/001010000000102")).toString());
    }

    @Test
    void suciByImsiConcealsTheSubscribersMsinWithItsMncLength() {
        Http.Response suci = gateway.client().get(gateway.http("/sim-info-api/v1/imsi/001010000000102/suci?scheme=0"));
        assertEquals(200, suci.status(), suci.toString());
        assertTrue(suci.body().startsWith("{\"suci\":\"suci-0-001-01-0-0-0-0000000102\""), suci.toString());
    }

    @Test
    void anUnknownImsiIsNotFound() {
        assertEquals("404 {\"error\":{\"message\":\"no subscriber 001010000000199\"}}",
                gateway.client().get(gateway.http("/sim-info-api/v1/imsi/001010000000199")).toString());
    }

    @Test
    void theSlotsStayAsTheyWere() {
        assertEquals("200 " + TestCard.SET_1.simInfo(), gateway.client().get(gateway.http("/sim-info-api/v1/slot/0")).toString());
        String slots = gateway.client().get(gateway.http("/api/v1/slots")).body();
        assertTrue(!slots.contains(SUBSCRIBER), "subscribers are not listed among the slots: " + slots);
    }

    @Test
    void theLineProtocolHasAReaderNamedByTheImsi() throws Exception {
        AuthenticationVector v = card(SUBSCRIBER).challenge(TestCard.sqn(9, 5));
        String rand = Hex.lower(v.rand()).toUpperCase();
        String autn = Hex.lower(v.autn()).toUpperCase();
        try (Socket socket = new Socket(gateway.gateway().lineAddress().getAddress(), gateway.gateway().lineAddress().getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            out.write((">" + SUBSCRIBER + "|\n>1:IMSI|\n>2:AUTH:" + rand + autn + "|\n\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals(">1:" + SUBSCRIBER, in.readLine());
            assertEquals(">2:" + String.join(":", upper(v.xres()), upper(v.ck()), upper(v.ik()), upper(v.kc())), in.readLine());
            assertEquals("@@", in.readLine());
            // raw APDUs are the subscribers' allow-apdu's, off by default
            out.write((">" + SUBSCRIBER + "|\n>3:APDU:00A40004023F00|\n\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals(">3:C081", in.readLine()); // as a slot without allow-apdu answers
            assertEquals("@@", in.readLine());
            // an IMSI no subscriber has is no reader
            out.write(">001010000000199|\n>4:IMSI|\n\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals(">4:C083", in.readLine());
            assertEquals("@@", in.readLine());
        }
    }

    private static String upper(byte[] bytes) {
        return Hex.lower(bytes).toUpperCase();
    }
}
