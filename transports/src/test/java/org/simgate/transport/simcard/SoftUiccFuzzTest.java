package org.simgate.transport.simcard;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random and half-random APDUs, seeded so a failure can be replayed: the card always
 * answers with a status word, never throws, never answers 6F00 (its "internal error"), and only
 * sends data with 9000 or 61xx.
 */
class SoftUiccFuzzTest {
    private static final int[] CLASSES = {0x00, 0x80, 0xA0, 0x01, 0x40};
    private static final int[] INSTRUCTIONS = {0xA4, 0xB0, 0xB2, 0xC0, 0xF2, 0x88, 0x20, 0x70};
    private static final int[] P1_P2 = {0x00, 0x01, 0x02, 0x04, 0x08, 0x09, 0x0C, 0x80, 0x81, 0x82, 0x85, 0xF4};

    @Test
    void randomBytesAlwaysEndInAStatusWord() throws IOException {
        SoftUicc card = new SoftUicc(TestCard.profile());
        Random random = new Random(20240611L);
        for (int i = 0; i < 3000; i++) {
            byte[] apdu = new byte[random.nextInt(300)];
            random.nextBytes(apdu);
            check(card, apdu);
        }
    }

    @Test
    void wellFormedHeadersWithRandomBodiesAlwaysEndInAStatusWord() throws IOException {
        SoftUicc card = new SoftUicc(TestCard.profile().withSqnCheck(false));
        Random random = new Random(42L);
        byte[][] paths = {hex("3F00"), hex("2F00"), hex("2FE2"), hex("7FFF"), hex("7FF0"), hex("7FF1"),
                hex("6F07"), hex("6F04"), hex("7FF06F07"), hex("A0000000871002"), hex("A0000000871004FFFFFFFF8907090000")};
        for (int i = 0; i < 5000; i++) {
            int cla = CLASSES[random.nextInt(random.nextInt(4) == 0 ? CLASSES.length : 2)];
            int ins = random.nextInt(10) == 0 ? random.nextInt(256) : INSTRUCTIONS[random.nextInt(INSTRUCTIONS.length)];
            int p1 = random.nextInt(4) == 0 ? random.nextInt(256) : P1_P2[random.nextInt(P1_P2.length)];
            int p2 = random.nextInt(4) == 0 ? random.nextInt(256) : P1_P2[random.nextInt(P1_P2.length)];
            byte[] data;
            switch (random.nextInt(4)) {
                case 0 -> data = new byte[0];
                case 1 -> data = paths[random.nextInt(paths.length)];
                case 2 -> {
                    data = new byte[34];
                    random.nextBytes(data);
                    data[0] = 0x10;
                    data[17] = 0x10;
                }
                default -> {
                    data = new byte[1 + random.nextInt(40)];
                    random.nextBytes(data);
                }
            }
            boolean withLe = random.nextBoolean();
            byte[] apdu = new byte[4 + (data.length > 0 ? 1 + data.length : 0) + (withLe ? 1 : 0)];
            apdu[0] = (byte) cla;
            apdu[1] = (byte) ins;
            apdu[2] = (byte) p1;
            apdu[3] = (byte) p2;
            if (data.length > 0) {
                apdu[4] = (byte) data.length;
                System.arraycopy(data, 0, apdu, 5, data.length);
            }
            if (withLe) {
                apdu[apdu.length - 1] = (byte) random.nextInt(256);
            }
            if (random.nextInt(20) == 0 && apdu.length > 5) {
                apdu = java.util.Arrays.copyOf(apdu, apdu.length - 1 - random.nextInt(3)); // Lc that lies
            }
            check(card, apdu);
            if (random.nextInt(100) == 0) {
                card.reset();
            }
        }
    }

    private static void check(SoftUicc card, byte[] apdu) {
        byte[] answer = card.process(apdu);
        String context = "answer to " + HexFormat.of().formatHex(apdu);
        assertNotNull(answer, context);
        assertTrue(answer.length >= 2, context);
        int sw = ((answer[answer.length - 2] & 0xff) << 8) | (answer[answer.length - 1] & 0xff);
        assertNotEquals(0x6F00, sw, context);
        if (answer.length > 2) {
            assertTrue(sw == 0x9000 || (sw & 0xFF00) == 0x6100, context + " carries data with SW " + Integer.toHexString(sw));
        }
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }
}
