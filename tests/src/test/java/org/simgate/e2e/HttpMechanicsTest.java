package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.simgate.aka.AuthenticationVector;

/**
 * HTTP/1.1 as the REST listeners speak it, byte by byte over raw sockets: keep-alive, pipelining
 * across slots, Connection: close, bodies over the limit, garbage and clients that stop halfway.
 */
class HttpMechanicsTest {
    @TempDir
    static Path dir;
    static RunningGateway gateway;
    static final AtomicLong seq0 = new AtomicLong(1);
    static final AtomicLong seq1 = new AtomicLong(1);

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(dir, RunningGateway.slots(
                TestCard.SET_1.inSlot(0, "", ""),
                TestCard.SET_2.inSlot(1, "", "")));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    static AuthenticationVector challenge0() {
        return TestCard.SET_1.challenge(TestCard.sqn(seq0.getAndIncrement(), 0));
    }

    static AuthenticationVector challenge1() {
        return TestCard.SET_2.challenge(TestCard.sqn(seq1.getAndIncrement(), 0));
    }

    static String auth(int slot, AuthenticationVector v) {
        return RawConnection.post("/sim-auth-api/v1/slot/" + slot, SimAuthApiTest.body(v));
    }

    static RawConnection connect(String scheme) throws Exception {
        return scheme.equals("https") ? gateway.connectHttps() : gateway.connectHttp();
    }

    /** Whether the connection still serves: one more request is answered on it. */
    static void assertStillServes(RawConnection connection) throws Exception {
        assertEquals("{\"status\":\"ok\"}", connection.write(RawConnection.get("/health")).read().body());
    }

    /** A new connection is served normally: the server survived whatever the test did to another. */
    static void assertServerStillServes() throws Exception {
        try (RawConnection fresh = gateway.connectHttp()) {
            AuthenticationVector v = challenge0();
            assertEquals(SimAuthApiTest.success(v), fresh.write(auth(0, v)).read().body());
        }
    }

    @Test
    void manyRequestsOneAfterAnotherShareOneKeepAliveConnection() throws Exception {
        try (RawConnection connection = gateway.connectHttp()) {
            for (int i = 0; i < 50; i++) {
                AuthenticationVector v = i % 2 == 0 ? challenge0() : challenge1();
                RawConnection.Response answer = connection.write(auth(i % 2, v)).read();
                assertEquals(200, answer.status());
                assertEquals(SimAuthApiTest.success(v), answer.body());
                assertNull(answer.header("connection"), "HTTP/1.1 keeps the connection without saying so");
            }
        }
    }

    @Test
    void http10WithKeepAliveIsKeptAndToldSo() throws Exception {
        try (RawConnection connection = gateway.connectHttp()) {
            for (int i = 0; i < 3; i++) {
                RawConnection.Response answer = connection.write("GET /?type=imsi HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
                assertEquals("HTTP/1.0 200 OK", answer.head().substring(0, 15));
                assertEquals("keep-alive", answer.header("connection"));
            }
        }
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"http", "https"})
    void pipelinedRequestsToTwoSlotsAreAnsweredInTheOrderSent(String scheme) throws Exception {
        AuthenticationVector a = challenge0();
        AuthenticationVector b = challenge1();
        AuthenticationVector c = challenge0();
        try (RawConnection connection = connect(scheme)) {
            connection.write(auth(0, a)                            // slot 0
                    + RawConnection.get("/sim-info-api/v1/slot/1")   // slot 1
                    + auth(1, b)                                     // slot 1
                    + RawConnection.get("/?type=imsi")               // slot 0
                    + auth(0, c)                                     // slot 0
                    + RawConnection.get("/health")                   // no slot at all
                    + RawConnection.get("/sim-info-api/v1/slot/0")); // slot 0

            assertEquals(SimAuthApiTest.success(a), connection.read().body());
            assertEquals(TestCard.SET_2.simInfo(), connection.read().body());
            assertEquals(SimAuthApiTest.success(b), connection.read().body());
            assertEquals("{\n\t\"imsi\": \"001010000000001\"\n}", connection.read().body());
            assertEquals(SimAuthApiTest.success(c), connection.read().body());
            assertEquals("{\"status\":\"ok\"}", connection.read().body());
            assertEquals(TestCard.SET_1.simInfo(), connection.read().body());
            assertStillServes(connection);
        }
    }

    @Test
    void aLongPipelineAlternatingSlotsComesBackInOrder() throws Exception {
        List<AuthenticationVector> sent = new ArrayList<>();
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            AuthenticationVector v = i % 2 == 0 ? challenge0() : challenge1();
            sent.add(v);
            requests.append(auth(i % 2, v));
        }
        try (RawConnection connection = gateway.connectHttp()) {
            connection.write(requests.toString());

            for (AuthenticationVector v : sent) {
                assertEquals(SimAuthApiTest.success(v), connection.read().body());
            }
        }
    }

    @Test
    void connectionCloseIsAnsweredThenClosedAndLaterPipelinedRequestsAreDropped() throws Exception {
        try (RawConnection connection = gateway.connectHttp()) {
            connection.write(RawConnection.get("/?type=imsi", "Connection: close") + RawConnection.get("/health"));

            RawConnection.Response answer = connection.read();
            assertEquals("{\n\t\"imsi\": \"001010000000001\"\n}", answer.body());
            assertEquals("close", answer.header("connection"));
            assertEquals("", connection.readUntilClosed(), "nothing after the answer to Connection: close");
        }
    }

    @Test
    void http10WithoutKeepAliveIsClosedAfterTheAnswer() throws Exception {
        try (RawConnection connection = gateway.connectHttp()) {
            RawConnection.Response answer = connection.write("GET /health HTTP/1.0\r\n\r\n").read();

            assertEquals("HTTP/1.0 200 OK", answer.head().substring(0, 15));
            assertEquals("", connection.readUntilClosed());
        }
    }

    @Test
    void aBodyOverTheLimitIs413AndTheConnectionCloses() throws Exception {
        String body = "{\"rand\":\"" + "00".repeat(16) + "\",\"pad\":\"" + "x".repeat(9000) + "\"}";
        try (RawConnection connection = gateway.connectHttp()) {
            RawConnection.Response answer = connection.write(RawConnection.post("/sim-auth-api/v1/slot/0", body)).read();

            assertEquals("HTTP/1.1 413 Request Entity Too Large", answer.head().substring(0, 37));
            assertEquals("{\"error\":{\"message\":\"request body larger than 8192 bytes\"}}", answer.body());
            assertEquals("close", answer.header("connection"));
            connection.readUntilClosed();
        }
        assertServerStillServes();
    }

    @Test
    void aBodyOverTheLimitAnnouncedWithExpectContinueIsRefusedBeforeItIsSent() throws Exception {
        try (RawConnection connection = gateway.connectHttp()) {
            RawConnection.Response answer = connection.write("POST /sim-auth-api/v1/slot/0 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 1000000\r\n\r\n").read();

            assertEquals(413, answer.status());
            assertEquals("{\"error\":{\"message\":\"request body larger than 8192 bytes\"}}", answer.body());
        }
    }

    @Test
    void aPipelinedRequestBeforeAnOversizedOneIsStillAnswered() throws Exception {
        AuthenticationVector v = challenge0();
        try (RawConnection connection = gateway.connectHttp()) {
            connection.write(auth(0, v) + RawConnection.post("/sim-auth-api/v1/slot/0", "{\"x\":\"" + "y".repeat(10_000) + "\"}"));

            assertEquals(SimAuthApiTest.success(v), connection.read().body());
            assertEquals(413, connection.read().status());
        }
    }

    @Test
    void randomBinaryGarbageIsRefusedAndTheServerKeepsServing() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(20251124L).nextBytes(garbage);
        for (int round = 0; round < 3; round++) {
            try (RawConnection connection = gateway.connectHttp()) {
                String answer = connection.write(garbage).readUntilClosed();
                assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 400 Bad Request"), answer);
            }
            assertServerStillServes();
        }
    }

    @Test
    void aGarbageRequestLineIs400ThenClose() throws Exception {
        try (RawConnection connection = gateway.connectHttp()) {
            String answer = connection.write("\u0001\u0002 HELLO THERE\r\n\r\n").readUntilClosed();

            assertTrue(answer.startsWith("HTTP/1.1 400 Bad Request\r\n"), answer);
            assertTrue(answer.endsWith("{\"error\":{\"message\":\"malformed HTTP request\"}}"), answer);
        }
        assertServerStillServes();
    }

    @Test
    void plainHttpSentToTheHttpsListenerIsDropped() throws Exception {
        try (RawConnection connection = RawConnection.to(gateway.httpsAddress())) {
            String answer = connection.write(RawConnection.get("/health")).readUntilClosed();
            assertTrue(!answer.contains("200 OK"), answer);
        }
        try (RawConnection tls = gateway.connectHttps()) {
            assertStillServes(tls);
        }
    }

    @Test
    void aClientThatStopsHalfwayThroughARequestIsClosedAfterTheIdleTimeout(@TempDir Path own) throws Exception {
        try (RunningGateway impatient = RunningGateway.start(own, RunningGateway.slots(TestCard.SET_1.inSlot(0, "", ""))
                + "simgate.rest.idle-timeout = 1s\n")) {
            try (RawConnection slow = impatient.connectHttp();
                 RawConnection idle = impatient.connectHttp()) {
                String request = RawConnection.post("/sim-auth-api/v1/slot/0", SimAuthApiTest.body(TestCard.SET_1.challenge(32)));
                slow.write(request.substring(0, request.length() / 2)); // headers and half the body, then silence
                assertEquals(200, idle.write(RawConnection.get("/health")).read().status()); // then nothing more

                assertEquals("", slow.readUntilClosed(), "closed without an answer");
                assertEquals("", idle.readUntilClosed(), "an idle keep-alive connection is closed too");
            }
            try (RawConnection prompt = impatient.connectHttp()) {
                AuthenticationVector v = TestCard.SET_1.challenge(TestCard.sqn(2, 0));
                assertEquals(SimAuthApiTest.success(v), prompt.write(RawConnection.post("/sim-auth-api/v1/slot/0",
                        SimAuthApiTest.body(v))).read().body());
            }
        }
    }

    @Test
    void requestBytesSplitIntoManySmallWritesAreAssembled() throws Exception {
        AuthenticationVector v = challenge0();
        byte[] request = auth(0, v).getBytes(StandardCharsets.US_ASCII);
        try (RawConnection connection = gateway.connectHttp()) {
            for (int i = 0; i < request.length; i += 7) {
                connection.write(java.util.Arrays.copyOfRange(request, i, Math.min(request.length, i + 7)));
            }
            assertEquals(SimAuthApiTest.success(v), connection.read().body());
        }
    }
}
