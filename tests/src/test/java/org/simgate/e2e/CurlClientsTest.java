package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.simgate.transport.Hex.upper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.simgate.aka.AuthenticationVector;
import org.simgate.e2e.clients.Programs;

/**
 * Plain curl, the Debian program /usr/bin/curl (package curl), on both listeners. The known
 * clients, pySim's among them, each have a test of their own in {@code org.simgate.e2e.clients}.
 */
class CurlClientsTest {
    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.forClass(RunningGateway.slots(
            TestCard.SET_1.inSlot(0, "", ""),
            TestCard.SET_2.inSlot(1, "", "")));

    static ExternalProcess.Result curl(String... args) throws Exception {
        return Programs.curl(args);
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
