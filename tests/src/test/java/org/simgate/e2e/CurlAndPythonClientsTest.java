package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.transport.Hex.upper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AuthenticationVector;

/**
 * Clients that are not ours: plain curl, and a Python requests client written the way pySim's
 * contrib/sim-rest-client.py is ({@code src/test/python/sim_rest_client.py}: requests.post with
 * json=, default host localhost, plain http, Milenage of its own). Both run as the Debian
 * programs /usr/bin/curl and /usr/bin/python3 (packages curl, python3-requests, python3-cryptography).
 */
class CurlAndPythonClientsTest {
    static final String CURL = "/usr/bin/curl";
    static final String PYTHON = "/usr/bin/python3";

    @TempDir
    static Path dir;
    static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(dir, RunningGateway.slots(
                TestCard.SET_1.inSlot(0, "", ""),
                TestCard.SET_2.inSlot(1, "", ""),
                TestCard.SET_1.inSlot(2, "", "")));  // the Python client's
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    static ExternalProcess.Result curl(String... args) throws Exception {
        assertTrue(Files.isExecutable(Path.of(CURL)), CURL + " is missing: apt-get install curl");
        List<String> command = new java.util.ArrayList<>(List.of(CURL, "--silent", "--show-error", "--max-time", "20"));
        command.addAll(List.of(args));
        return ExternalProcess.run(command);
    }

    @Test
    void curlPostsASimAuthRequest() throws Exception {
        AuthenticationVector v = TestCard.SET_1.challenge(TestCard.sqn(1, 1)); // each test its own IND: any order

        ExternalProcess.Result curl = curl("-X", "POST", "-H", "Content-Type: application/json",
                "-d", SimAuthApiTest.body(v), "-w", "\n%{http_code}", gateway.http("/sim-auth-api/v1/slot/0").toString());

        assertEquals(SimAuthApiTest.success(v) + "\n200", curl.out(), curl.toString());
    }

    @Test
    void curlGetsTheUsimHttpsApiOverHttps() throws Exception {
        AuthenticationVector v = TestCard.SET_1.challenge(TestCard.sqn(1, 2));

        ExternalProcess.Result curl = curl("-k", gateway.https("/?type=rand-autn&rand=" + upper(v.rand())
                + "&autn=" + upper(v.autn())).toString());

        assertEquals("{\n\t\"res\": \"" + upper(v.xres()) + "\",\n\t\"ck\": \"" + upper(v.ck()) + "\",\n\t\"ik\": \""
                + upper(v.ik()) + "\"\n}", curl.out(), curl.toString());
    }

    @Test
    void curlTrustsTheSelfSignedCertificateForLocalhostWhenGivenIt() throws Exception {
        ExternalProcess.Result curl = curl("--cacert", gateway.certificate().toString(),
                "https://localhost:" + gateway.httpsAddress().getPort() + "/?type=imsi&slot=1");

        assertEquals("{\n\t\"imsi\": \"001010000000002\"\n}", curl.out(), curl.toString());
    }

    static Path script() {
        String configured = System.getProperty("simgate.python.client"); // set by tests/pom.xml
        return configured != null ? Path.of(configured)
                : Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("src/test/python/sim_rest_client.py");
    }

    static ExternalProcess.Result python(String... args) throws Exception {
        ExternalProcess.Result modules = ExternalProcess.run(List.of(PYTHON, "-c",
                "import requests, cryptography.hazmat.primitives.ciphers"));
        Assumptions.assumeTrue(modules.status() == 0,
                PYTHON + " lacks requests or cryptography (apt-get install python3-requests python3-cryptography)");
        List<String> command = new java.util.ArrayList<>(List.of(PYTHON, "-B", script().toString()));
        command.addAll(List.of(args));
        return ExternalProcess.run(command);
    }

    @Test
    void aPySimStyleRequestsClientAuthenticatesAndResynchronises() throws Exception {
        // the card is ahead of the client's first SQN: the client recovers SQN_MS from AUTS, as pySim's does
        AuthenticationVector ahead = TestCard.SET_1.challenge(0x200);
        assertEquals("200 " + SimAuthApiTest.success(ahead),
                gateway.client().post(gateway.http("/sim-auth-api/v1/slot/2"), SimAuthApiTest.body(ahead)).toString());

        ExternalProcess.Result client = python("-p", String.valueOf(gateway.httpAddress().getPort()), "-n", "2",
                "auth", "-c", "4", "-k", TestCard.SET_1.k(), "-o", TestCard.SET_1.opc(), "-s", "000000000020");

        assertEquals(0, client.status(), client.toString());
        assertTrue(client.out().contains("<- synchronisation_failure\nSQN_MS = 000000000200\n"), client.toString());
        assertEquals(3, client.out().split("<- successful_3g_authentication: RES, CK, IK verified", -1).length - 1,
                client.toString());
    }

    @Test
    void aPySimStyleRequestsClientReadsTheCardsInfo() throws Exception {
        ExternalProcess.Result client = python("-p", String.valueOf(gateway.httpAddress().getPort()), "-n", "1", "info");

        assertEquals(0, client.status(), client.toString());
        assertTrue(client.out().startsWith("<- {'imsi': '001010000000002', 'iccid': '8988211000000000029'"), client.toString());
    }
}
