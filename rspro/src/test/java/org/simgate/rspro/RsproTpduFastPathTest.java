package org.simgate.rspro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.simgate.rspro.RsproMessage.TpduCardToModem;
import org.simgate.rspro.RsproMessage.TpduModemToCard;

/** The TPDU fast path writes what the general path writes and reads nothing differently from it. */
class RsproTpduFastPathTest {
    private static final List<RsproVectors.Vector> TPDUS = RsproVectors.rspro().stream()
            .filter(v -> v.name().startsWith("tpdu")).toList();

    @Test
    void theCapturedTpdusTakeTheFastPathBothWays() throws Exception {
        assertEquals(21, TPDUS.size());
        for (RsproVectors.Vector v : TPDUS) {
            RsproPdu fast = TpduFastPath.decode(v.der(), 0, v.der().length);
            assertNotNull(fast, v.toString());
            assertEquals(RsproCodec.decodeGenerally(v.der(), 0, v.der().length), fast, v.toString());
            assertArrayEquals(v.der(), TpduFastPath.encode(fast), v.toString());
        }
    }

    @Test
    void randomTpdusAreWrittenAsTheGeneralPathWritesThem() throws Exception {
        Random random = new Random(2342);
        for (int i = 0; i < 3000; i++) {
            byte[] data = new byte[random.nextInt(i % 10 == 0 ? 300 : 40)];
            random.nextBytes(data);
            TpduFlags flags = new TpduFlags(random.nextBoolean(), random.nextBoolean(), random.nextBoolean(),
                    random.nextBoolean());
            ClientSlot client = new ClientSlot(random.nextInt(1024), random.nextInt(1024));
            BankSlot bank = new BankSlot(random.nextInt(1024), random.nextInt(1024));
            RsproMessage msg = random.nextBoolean() ? new TpduModemToCard(client, bank, flags, data)
                    : new TpduCardToModem(bank, client, flags, data);
            int tag = random.nextInt(4) == 0 ? random.nextInt(Integer.MAX_VALUE) : random.nextInt(300);
            RsproPdu pdu = new RsproPdu(random.nextInt(33), tag, msg);
            byte[] general = RsproCodec.encodeGenerally(pdu);
            assertArrayEquals(general, TpduFastPath.encode(pdu), pdu.toString());
            assertEquals(pdu, TpduFastPath.decode(general, 0, general.length), pdu.toString());
        }
    }

    @Test
    void otherFormsAreLeftToTheGeneralPath() throws Exception {
        for (RsproVectors.Vector v : TPDUS) {
            byte[] indefinite = BerForms.indefiniteLengths(v.der());
            byte[] longForm = BerForms.longFormLengths(v.der(), 1);
            assertNull(TpduFastPath.decode(indefinite, 0, indefinite.length));
            assertNull(TpduFastPath.decode(longForm, 0, longForm.length));
            assertEquals(RsproCodec.decodeGenerally(v.der(), 0, v.der().length), RsproCodec.decode(indefinite));
            assertEquals(RsproCodec.decodeGenerally(v.der(), 0, v.der().length), RsproCodec.decode(longForm));
        }
        for (RsproVectors.Vector v : RsproVectors.rspro()) {
            if (!v.name().startsWith("tpdu")) {
                assertNull(TpduFastPath.decode(v.der(), 0, v.der().length), v.toString());
            }
        }
    }

    @Test
    void whateverTheFastPathAcceptsTheGeneralPathReadsAlike() {
        Random random = new Random(21);
        for (int i = 0; i < 30_000; i++) {
            byte[] bytes = TPDUS.get(random.nextInt(TPDUS.size())).der();
            int mutation = random.nextInt(3);
            if (mutation == 0) {
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
            } else if (mutation == 1) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            } else {
                bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 3));
            }
            RsproPdu fast;
            try {
                fast = TpduFastPath.decode(bytes, 0, bytes.length);
            } catch (RuntimeException e) {
                fail("the fast path threw on " + HexFormat.of().formatHex(bytes), e);
                return;
            }
            if (fast == null) {
                continue;
            }
            try {
                assertEquals(RsproCodec.decodeGenerally(bytes, 0, bytes.length), fast, HexFormat.of().formatHex(bytes));
            } catch (RsproDecodeException e) {
                fail("the fast path accepted what the general path refuses (" + e.getMessage() + "): "
                        + HexFormat.of().formatHex(bytes));
            }
        }
    }
}
