package org.simgate.rspro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Bytes that are not RSPRO give a RsproDecodeException that says what is wrong, and nothing else. */
class RsproGarbageTest {

    @Test
    void emptyPayload() {
        assertEquals("empty RSPRO payload", error(""));
    }

    @Test
    void notASequence() {
        assertTrue(error("020100").startsWith("RsproPDU: expected SEQUENCE"), error("020100"));
    }

    @Test
    void missingMessage() {
        assertEquals("RsproPDU.msg: expected [2], got end of SEQUENCE", error("3006800102810100"));
    }

    @Test
    void truncatedLength() {
        assertTrue(error("3043800102").startsWith("malformed RSPRO (BER)"), error("3043800102"));
    }

    @Test
    void trailingBytes() {
        String createMappingRes = HexFormat.of().formatHex(RsproVectors.first("createMappingRes").der());
        assertEquals("2 bytes after the RsproPDU", error(createMappingRes + "0000"));
    }

    @Test
    void outOfRangeBankIdNamesTheField() {
        // createMappingReq with bank id 4096 (BankId is 0..1023)
        String hex = "301b800102810100a213a41130060201070201003007020210000201" + "00";
        assertEquals("createMappingReq.bank.bankId must be 0..1023, is 4096", error(hex));
    }

    @Test
    void wrongTypeNamesTheField() {
        // createMappingRes whose result is an INTEGER, not an ENUMERATED
        assertEquals("createMappingRes.result: expected ENUMERATED, got Integer",
                error("300d800102810100a205a503020100"));
    }

    @Test
    void everyTruncationOfEveryVectorIsADecodeError() {
        for (RsproVectors.Vector v : RsproVectors.rspro()) {
            byte[] der = v.der();
            for (int n = 0; n < der.length; n++) {
                byte[] cut = java.util.Arrays.copyOf(der, n);
                assertThrows(RsproDecodeException.class, () -> RsproCodec.decode(cut), v + " cut at " + n);
            }
        }
    }

    @Test
    void randomBytesAndFlippedBitsNeverEscapeAsAnythingElse() {
        Random random = new Random(21);
        var vectors = RsproVectors.rspro();
        for (int i = 0; i < 5_000; i++) {
            byte[] bytes;
            if (i % 2 == 0) {
                bytes = new byte[1 + random.nextInt(80)];
                random.nextBytes(bytes);
            } else {
                bytes = vectors.get(random.nextInt(vectors.size())).der();
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            try {
                RsproCodec.decode(bytes);
            } catch (RsproDecodeException expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
            } catch (RuntimeException | Error e) {
                fail("input " + HexFormat.of().formatHex(bytes) + " escaped as " + e, e);
            }
        }
    }

    private static String error(String hex) {
        return assertThrows(RsproDecodeException.class, () -> RsproCodec.decode(HexFormat.of().parseHex(hex)))
                .getMessage();
    }
}
