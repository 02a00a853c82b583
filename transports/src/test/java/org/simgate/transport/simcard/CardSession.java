package org.simgate.transport.simcard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.simgate.transport.Bytes;

/** Talks to a {@link SoftUicc} in hex and checks its answers byte for byte. */
final class CardSession {
    final SoftUicc card;

    CardSession(SoftUicc card) {
        this.card = card;
    }

    /** Sends the C-APDU and asserts the exact R-APDU. */
    void exchange(String command, String expectedAnswer) {
        assertEquals(Bytes.text(Bytes.hex(expectedAnswer)), send(command), "answer to " + command);
    }

    String send(String command) {
        byte[] answer = card.process(Bytes.hex(command));
        assertTrue(answer.length >= 2, "an R-APDU ends in a status word");
        return Bytes.text(answer);
    }

    /** A 3G AUTHENTICATE fetched T=0 style; returns the data after checking 61xx and 9000. */
    byte[] authenticate(String command) {
        String first = send(command);
        assertEquals("61", first.substring(0, 2), "AUTHENTICATE answers 61xx first, got " + first);
        byte[] answer = Bytes.hex(send("00C00000" + first.substring(2)));
        assertEquals("9000", Bytes.text(Arrays.copyOfRange(answer, answer.length - 2, answer.length)));
        return Arrays.copyOf(answer, answer.length - 2);
    }

    void selectUsim() {
        exchange("00A4040C 10" + TestCard.USIM_AID, "9000");
    }

    void selectIsim() {
        exchange("00A4040C 10" + TestCard.ISIM_AID, "9000");
    }
}
