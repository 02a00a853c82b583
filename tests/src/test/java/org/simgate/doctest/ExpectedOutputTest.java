package org.simgate.doctest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExpectedOutputTest {

    @Test
    void linesMatchExactlyButForTrailingWhiteSpaceAndBlankLines() {
        assertTrue(ExpectedOutput.matches(List.of(">1:001010000000001", "@@"), ">1:001010000000001  \n@@\n\n"));
        assertFalse(ExpectedOutput.matches(List.of(">1:001010000000001", "@@"), ">1:001010000000002\n@@\n"));
        assertFalse(ExpectedOutput.matches(List.of(">1:001010000000001"), ">1:001010000000001\n@@\n"));
        assertFalse(ExpectedOutput.matches(List.of(">1:001010000000001", "@@"), ">1:001010000000001\n"));
    }

    @Test
    void anEllipsisMatchesAnythingWithinALine() {
        assertTrue(ExpectedOutput.matches(List.of("registered dev-… for client edge-7"),
                "registered dev-SGDEV1A2B3C4D for client edge-7"));
        assertFalse(ExpectedOutput.matches(List.of("registered dev-… for client edge-7"),
                "registered dev-SGDEV1A2B3C4D for client edge-8"));
        assertFalse(ExpectedOutput.matches(List.of("a…"), "ab\nc"));
    }

    @Test
    void aLineThatIsOnlyAnEllipsisMatchesAnyNumberOfLines() {
        List<String> expected = List.of("first", "…", "last");
        assertTrue(ExpectedOutput.matches(expected, "first\nlast"));
        assertTrue(ExpectedOutput.matches(expected, "first\n1\n2\n3\nlast"));
        assertFalse(ExpectedOutput.matches(expected, "first\n1\n2\n3\nlast but one"));
        assertTrue(ExpectedOutput.matches(List.of("…"), "anything\nat all"));
    }

    @Test
    void jsonIsComparedWithoutTheWhiteSpaceBetweenTokensKeysInOrderValuesExactly() {
        String answer = "{\"successful_3g_authentication\":{\"res\":\"9d17cd1d46269624\",\"ck\":\"4461e8daf40de2d7\"}}";
        assertTrue(ExpectedOutput.matches(List.of("{\"successful_3g_authentication\":{\"res\":\"9d17cd1d46269624\",",
                " \"ck\":\"4461e8daf40de2d7\"}}"), answer));
        assertTrue(ExpectedOutput.matches(List.of("{", "\t\"successful_3g_authentication\": {", "\"res\": \"9d17cd1d46269624\",",
                "\"ck\": \"4461e8daf40de2d7\"", "}", "}"), answer));
        assertFalse(ExpectedOutput.matches(List.of("{\"successful_3g_authentication\":{\"res\":\"9d17cd1d46269625\",",
                " \"ck\":\"4461e8daf40de2d7\"}}"), answer), "a value differs");
        assertFalse(ExpectedOutput.matches(List.of("{\"successful_3g_authentication\":{\"ck\":\"4461e8daf40de2d7\",",
                " \"res\":\"9d17cd1d46269624\"}}"), answer), "the keys come in another order");
        assertFalse(ExpectedOutput.matches(List.of("{\"successful 3g authentication\":{\"res\":\"9d17cd1d46269624\",",
                "\"ck\":\"4461e8daf40de2d7\"}}"), answer.replace("successful_3g_authentication", "successful3gauthentication")),
                "white space inside strings counts");
    }

    @Test
    void anEllipsisInJsonStandsForMembersOrPartsOfValues() {
        String slot = "{\"id\":0,\"name\":\"simgate slot 0\",\"state\":\"present\",\"imsi\":\"00101********01\"}";
        assertTrue(ExpectedOutput.matches(List.of("{\"id\":0, …, \"imsi\":\"00101********01\"}"), slot));
        assertTrue(ExpectedOutput.matches(List.of("{\"id\":0, \"name\":\"simgate…\", …}"), slot));
        assertFalse(ExpectedOutput.matches(List.of("{\"id\":1, …}"), slot));
    }

    @Test
    void textThatIsNotJsonIsNotCompactedIntoMatching() {
        assertFalse(ExpectedOutput.matches(List.of("slot 0 IMSI 001010000000001"), "slot  0 IMSI 001010000000001"));
    }
}
