package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.transport.Hex.upper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AuthenticationVector;

/**
 * Plain curl, the Debian program /usr/bin/curl (package curl), on both listeners. The known
 * clients, pySim's among them, each have a test of their own in {@code org.simgate.e2e.clients}.
 */
class CurlClientsTest {
    static final String CURL = "/usr/bin/curl";

    @TempDir
    static Path dir;
    static RunningGateway gateway;

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
}
