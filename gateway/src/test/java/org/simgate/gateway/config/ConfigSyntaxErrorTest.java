package org.simgate.gateway.config;

import org.simgate.front.config.ConfigError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever the HOCON parser raises reads as one line, {@code <file>:<line>: <key>: <message>}, says
 * what is missing in the user's words (a {@code }}, not "a close parentheses ')'") and never quotes a
 * value: a stray word may be a key.
 */
class ConfigSyntaxErrorTest {
    private static final String K = "465b5ce8b199b49faa5f0a2ee238a6bc";
    private static final String CARD = "imsi = \"001010000000001\", iccid = \"8988211000000000011\", "
            + "k = \"" + K + "\", opc = \"cd63cb71954a9f4e48a5994e37a02baf\"";

    @TempDir
    Path dir;

    private String refused(String hocon) throws IOException {
        Path file = dir.resolve("simgate.conf");
        Files.writeString(file, hocon);
        String message = assertThrows(ConfigError.class, () -> GatewayConfig.load(file)).getMessage();
        assertFalse(message.contains("\n"), message);
        assertFalse(message.toLowerCase().contains(K.substring(0, 12)), "a value in the message: " + message);
        return message;
    }

    private String file() {
        return dir.resolve("simgate.conf").toString();
    }

    @Test
    void aCommaMissingBeforeAnObjectNamesTheKeyNotAStackTrace() throws IOException {
        assertEquals(file() + ":5: simgate.slots[0].simcard.state-file: a value and an object or list run together: "
                        + "a comma or a new line is missing between them (or a key before the { or [)",
                refused("simgate.slots = [\n  {\n    id = 0, transport = simcard\n    simcard {\n"
                        + "      " + CARD + ", state-file = \"" + K + "\" isim { impi = \"a@b\" }\n    }\n  }\n]\n"));
    }

    @Test
    void aMissingCloseBraceSaysSoAndWhereTheBlockOpened() throws IOException {
        assertEquals(file() + ":3: simgate.http: a } is missing: the { opened on this line is not closed before the } "
                        + "on line 7, which by its indentation closes an outer one",
                refused("simgate {\n  default-slot = 0\n  http {\n    port = 8001\n\n  line { port = 4002 }\n}\n"));
    }

    @Test
    void aMissingCloseBraceInAListSaysWhichElement() throws IOException {
        assertEquals(file() + ":3: simgate.slots[0]: a } is missing: the { opened on this line is not closed before "
                        + "the ] on line 6",
                refused("simgate {\n  slots = [\n    { id = 0, transport = simcard\n      simcard { " + CARD
                        + " }\n\n  ]\n}\n"));
    }

    @Test
    void aMissingCloseBraceAtTheEnd() throws IOException {
        assertEquals(file() + ":1: simgate: a } is missing: the { opened on this line is never closed",
                refused("simgate {\n  http {\n    port = 8001\n  }\n"));
    }

    @Test
    void aMissingCloseBracket() throws IOException {
        assertEquals(file() + ":1: simgate.vpcd-relay: a ] is missing: the [ opened on this line is never closed",
                refused("simgate.vpcd-relay = [\n"));
    }

    @Test
    void oneCloseBraceTooMany() throws IOException {
        assertEquals(file() + ":2: a } that closes nothing: one too many, or the { it closes is missing",
                refused("simgate { http.port = 8001 }\n}\n"));
    }

    @Test
    void aQuotedValueNotClosedIsNeverQuoted() throws IOException {
        assertEquals(file() + ":2: simgate.slots[0].simcard.k: a \" is missing: the quoted string that starts on this "
                        + "line is not closed on it (text of several lines goes in \"\"\" … \"\"\")",
                refused("simgate.slots = [ { id = 0, transport = simcard, simcard {\n k = \"" + K
                        + "\n opc = \"cd63cb71954a9f4e48a5994e37a02baf\" } } ]\n"));
    }

    @Test
    void aStrayWordIsNotQuotedBack() throws IOException {
        assertEquals(file() + ":4: simgate: Key '…' may not be followed by token: '}' (if you intended '}' to be part "
                + "of a key or string value, try enclosing the key or value in double quotes)",
                refused("simgate {\n  http { port = 8001 }\n  " + K + "\n}\n"));
    }

    @Test
    void anIncludeNotFoundNamesTheFileThatIncludesIt() throws IOException {
        String message = refused("simgate { include required(\"nowhere.conf\") }\n");
        assertTrue(message.startsWith(file() + ": "), message);
        assertTrue(message.contains("nowhere.conf"), message);
    }

    @Test
    void aBadSlotDefaultIsNamedWhereItIsSetNotUnderTheFirstSlot() throws IOException {
        assertEquals(file() + ":2: simgate.slot-defaults.operation-timeout: must be a duration such as 500ms or 10s",
                refused("simgate.slot-defaults {\n  operation-timeout = soon\n}\n"));
        assertEquals(file() + ":1: simgate.slot-defaults.queue-size: must be between 1 and 100000",
                refused("simgate.slot-defaults.queue-size = 0\n"));
    }

    @Test
    void aSlotsOwnBadValueIsNamedUnderTheSlot() throws IOException {
        assertEquals(file() + ":3: simgate.slots[0].operation-timeout: must be a duration such as 500ms or 10s",
                refused("simgate.slots = [ {\n  id = 0, transport = simcard, simcard { " + CARD + " }\n"
                        + "  operation-timeout = soon\n} ]\n"));
    }

    @Test
    void aMissingKeyIsPlacedAtTheObjectThatLacksIt() throws IOException {
        assertEquals(file() + ":2: simgate.slots[0].simcard.k: missing",
                refused("simgate.slots = [ { id = 0, transport = simcard\n simcard { "
                        + CARD.replace("k = \"" + K + "\", ", "") + " } } ]\n"));
    }

    @Test
    void aSubstitutionWithNoValueNamesTheSubstitutionAndTheLine() throws IOException {
        String message = refused("simgate {\n  http.port = ${SIMGATE_TEST_UNSET_PORT}\n}\n");
        assertTrue(message.startsWith(file() + ":2: "), message);
        assertTrue(message.contains("${SIMGATE_TEST_UNSET_PORT}"), message);
    }
}
