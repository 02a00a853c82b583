package org.simgate.gateway.usim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.simgate.transport.Hex;

/** EF.IMSI (TS 31.102 §4.2.2) and EF.ICCID (TS 102 221 §13.2) as cards store them. */
class BcdTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // length 08; byte 1 = digit 1 in the high nibble, 9 (IMSI, odd) low; then low nibble first
        "080910100000000010, 001010000000001",
        "082926102143658709, 262011234567890",
        // even number of digits: parity nibble 1, F fills the last high nibble
        "0821261021436587F9, 26201123456789",
        // a 6-digit IMSI in a 9-byte EF: what follows the length is not read
        "04011010F0FFFFFFFF, 001010",
    })
    void imsi(String ef, String imsi) {
        assertEquals(imsi, Bcd.imsi(Hex.decode(ef)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "FFFFFFFFFFFFFFFFFF", // erased
        "00FFFFFFFFFFFFFFFF", // length 0
        "08",                 // nothing after the length
        "08FFFFFFFFFFFFFFFF", // a length, then only filler
    })
    void anErasedOrEmptyEfImsiIsNoImsi(String ef) {
        assertNull(Bcd.imsi(Hex.decode(ef)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // 19 digits: each byte low nibble first, F fills the last byte
        "988812010000000010F1, 8988211000000000011",
        "988812010000000020F9, 8988211000000000029",
        // 20 digits: no filler
        "98881201000000001081, 89882110000000000118",
    })
    void iccid(String ef, String iccid) {
        assertEquals(iccid, Bcd.iccid(Hex.decode(ef)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"FFFFFFFFFFFFFFFFFFFF", "''"})
    void anErasedEfIccidIsNoIccid(String ef) {
        assertNull(Bcd.iccid(Hex.decode(ef)));
    }
}
