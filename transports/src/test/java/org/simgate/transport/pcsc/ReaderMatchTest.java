package org.simgate.transport.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A slot's reader regex against reader lists as pcscd gives them (an 8-slot SIM bank, a desk reader). */
class ReaderMatchTest {
    private static final List<String> READERS = List.of(
            "sysmocom sysmoOCTSIM [CCID] (ab19180f3a4b5c7d) 00 00",
            "sysmocom sysmoOCTSIM [CCID] (ab19180f3a4b5c7d) 00 01",
            "HID Global OMNIKEY 3x21 Smart Card Reader [OMNIKEY 3x21 Smart Card Reader] 01 00");

    @Test
    void aRegexMatchingOneReaderResolvesToIt() {
        ReaderMatch.Resolved resolved = ReaderMatch.of("OMNIKEY").resolve(READERS);
        assertTrue(resolved.ok());
        assertEquals(READERS.get(2), resolved.reader());
        assertNull(resolved.problem());
        assertEquals(READERS.get(1), ReaderMatch.of("OCTSIM.*00 01$").resolve(READERS).reader());
    }

    @Test
    void noMatchSaysWhichReadersThereAre() {
        ReaderMatch.Resolved resolved = ReaderMatch.of("Gemalto").resolve(READERS);
        assertFalse(resolved.ok());
        assertEquals("no PC/SC reader matches /Gemalto/ (readers: '" + String.join("', '", READERS) + "')",
                resolved.problem());
        assertEquals("no PC/SC reader matches /Gemalto/ (readers: none)", ReaderMatch.of("Gemalto").resolve(List.of()).problem());
    }

    @Test
    void severalMatchesAreAProblemNotAChoice() {
        ReaderMatch.Resolved resolved = ReaderMatch.of("sysmoOCTSIM").resolve(READERS);
        assertFalse(resolved.ok());
        assertEquals("2 PC/SC readers match /sysmoOCTSIM/ ('" + READERS.get(0) + "', '" + READERS.get(1)
                + "'); make the regex match exactly one", resolved.problem());
    }

    @Test
    void exactlyTakesRegexCharactersInReaderNamesLiterally() {
        ReaderMatch exact = ReaderMatch.exactly(READERS.get(0));
        assertEquals(List.of(READERS.get(0)), exact.among(READERS));
        assertEquals(List.of(), ReaderMatch.exactly("[CCID]").among(List.of("C")), "brackets are not a character class");
        assertEquals(List.of(), ReaderMatch.exactly("OCTSIM").among(READERS), "the whole name, not a part");
    }
}
