package org.simgate.transport.simcard;

import java.nio.file.Path;
import java.util.Arrays;
import org.simgate.transport.Bytes;

/**
 * The card under the crash test: authenticates with ever higher SQNs (SEQ i at IND i mod 32) on a
 * card with a state file, and prints each SQN (hex) once its answer has left the card. Runs until
 * killed, or gives up after 30 s so that a lost parent never leaves it behind.
 */
public final class SqnCrashChild {
    private SqnCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        SoftUicc card = new SoftUicc(TestCard.profile().withStateFile(Path.of(args[0])));
        card.process(Bytes.hex("00A4040C 10" + TestCard.USIM_AID));
        long deadline = System.nanoTime() + 30_000_000_000L;
        for (long seq = 1; System.nanoTime() < deadline; seq++) {
            long sqn = (seq << 5) | (seq % 32);
            byte[] first = card.process(Bytes.hex(TestCard.authenticate(sqn)));
            if ((first[0] & 0xff) != 0x61) {
                throw new IllegalStateException("AUTHENTICATE answered " + Bytes.text(first));
            }
            byte[] answer = card.process(new byte[] {0x00, (byte) 0xC0, 0x00, 0x00, first[1]});
            if ((answer[0] & 0xff) != 0xDB) {
                throw new IllegalStateException("no success: " + Bytes.text(Arrays.copyOf(answer, 2)));
            }
            System.out.println(Long.toHexString(sqn));
            System.out.flush();
        }
    }
}
