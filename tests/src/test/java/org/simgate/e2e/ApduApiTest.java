package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.simgate.aka.AuthenticationVector;

/**
 * {@code POST /apdu-api/v1/slot/{n}}: a list of C-APDUs runs as one transaction and the card's
 * R-APDUs come back unchanged. Passthrough is raw: a 61xx or 6Cxx is the client's to act on.
 */
class ApduApiTest {
    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.forClass(RunningGateway.slots(
            TestCard.SET_1.inSlot(0, "allow-apdu = true", ""),
            TestCard.SET_2.inSlot(1, "", "")));

    static Http.Response transmit(int slot, String body) {
        return gateway.client().post(gateway.https("/apdu-api/v1/slot/" + slot), body);
    }

    @Test
    void aTransactionAnswersEachApduAsTheCardDid() {
        Http.Response response = transmit(0, "{\"apdus\":["
                + "\"00A4080C022FE2\","   // SELECT EF.ICCID by path, no FCP
                + "\"00B000000A\","       // READ BINARY, 10 bytes
                + "\"00B0000004\","       // READ BINARY, the first 4
                + "\"00B0000010\","       // READ BINARY, 16: more than there is
                + "\"00A40004023F00\""    // SELECT MF with its FCP
                + "]}");

        assertEquals(200, response.status());
        JsonNode answers = response.json().path("responses");
        assertEquals("9000", answers.get(0).asText());
        assertEquals("988812010000000010F19000", answers.get(1).asText());
        assertEquals("988812019000", answers.get(2).asText());
        assertEquals("6C0A", answers.get(3).asText(), "the card's 'wrong length, 10 there' comes back as it is");
        assertTrue(answers.get(4).asText().matches("61[0-9A-F]{2}"), "the FCP waits for GET RESPONSE: " + answers.get(4));
        assertEquals(5, answers.size());
    }

    @Test
    void theClientFetches61xxItselfWithGetResponse() {
        String select = transmit(0, "{\"apdus\":[\"00A40004023F00\"]}").json().path("responses").get(0).asText();
        assertTrue(select.startsWith("61"), select);
        String length = select.substring(2);

        String fcp = transmit(0, "{\"apdus\":[\"00A40004023F00\",\"00C00000" + length + "\"]}")
                .json().path("responses").get(1).asText();

        // an FCP template (62 L ...) of exactly the announced length, then 9000
        assertEquals("62", fcp.substring(0, 2));
        assertEquals(Integer.parseInt(length, 16) * 2 + 4, fcp.length());
        assertTrue(fcp.endsWith("9000"), fcp);
    }

    @Test
    void theUsimsImsiReadRaw() {
        Http.Response response = transmit(0, "{\"apdus\":[\"00A4040C07A0000000871002\",\"00B0870009\"]}");

        // SELECT ADF.USIM by a right-truncated AID; READ BINARY of EF.IMSI by SFI 07: 15 digits, odd parity
        assertEquals("200 {\"responses\":[\"9000\",\"0809101000000000109000\"]}", response.toString());
    }

    @Test
    void authenticationStillWorksAfterRawApdusMovedTheSelection() {
        transmit(0, "{\"apdus\":[\"00A4080C022FE2\"]}");
        AuthenticationVector v = TestCard.SET_1.challenge(TestCard.sqn(1, 0));

        Http.Response response = gateway.client().post(gateway.http("/sim-auth-api/v1/slot/0"), SimAuthApiTest.body(v));

        assertEquals("200 " + SimAuthApiTest.success(v), response.toString());
    }

    @Test
    void malformedTransactionsAre400() {
        assertEquals("400 {\"error\":{\"message\":\"apdus is empty\"}}", transmit(0, "{\"apdus\":[]}").toString());
        assertEquals("400 {\"error\":{\"message\":\"missing apdus\"}}", transmit(0, "{}").toString());
        assertEquals("400 {\"error\":{\"message\":\"apdu 1 is shorter than 4 bytes\"}}",
                transmit(0, "{\"apdus\":[\"00A4000C023F00\",\"00B0\"]}").toString());
        assertEquals("400 {\"error\":{\"message\":\"apdu 0 has an odd number of hex digits (an APDU is whole bytes)\"}}",
                transmit(0, "{\"apdus\":[\"00A4000C023F0\"]}").toString());
        assertEquals("400 {\"error\":{\"message\":\"apdu 0 is not hex\"}}", transmit(0, "{\"apdus\":[\"00A4000C023F0Z\"]}").toString());
        assertEquals("400 {\"error\":{\"message\":\"apdus must be a list of hex strings\"}}",
                transmit(0, "{\"apdus\":\"00A4000C023F00\"}").toString());
    }

    @Test
    void aSlotWithoutAllowApduRefusesWith403() {
        assertEquals("403 {\"error\":{\"message\":\"simgate slot 1 does not allow raw APDUs (set allow-apdu = true)\"}}",
                transmit(1, "{\"apdus\":[\"00A4000C023F00\"]}").toString());
    }
}
