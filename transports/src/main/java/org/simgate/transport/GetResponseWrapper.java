package org.simgate.transport;

import java.io.ByteArrayOutputStream;

/**
 * Answers "61xx: xx bytes are waiting" (and a GSM SIM's "9Fxx") with GET RESPONSE, using the CLA of
 * the command that caused it, and follows a chain of 61xx until the card gives its final status.
 * SW1 61 with SW2 00 asks for 256 bytes (Le = 00).
 */
public final class GetResponseWrapper extends TransportWrapper {
    /** A card that keeps answering 61xx is broken; stop rather than loop for ever. */
    private static final int MAX_ROUNDS = 256;

    public GetResponseWrapper(CardTransport link) {
        super(link);
    }

    @Override
    public byte[] transmit(byte[] command) throws CardTransportException {
        byte[] answer = ProcedureBytes.checked(link.transmit(command));
        int sw1 = answer[answer.length - 2] & 0xff;
        if (sw1 != 0x61 && sw1 != 0x9f) {
            return answer;
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            data.write(answer, 0, answer.length - 2);
            sw1 = answer[answer.length - 2] & 0xff;
            if (sw1 != 0x61 && sw1 != 0x9f) {
                data.write(answer, answer.length - 2, 2);
                return data.toByteArray();
            }
            byte le = answer[answer.length - 1];
            answer = ProcedureBytes.checked(link.transmit(new byte[] {command[0], (byte) 0xC0, 0x00, 0x00, le}));
        }
        throw new CardTransportException("card answered GET RESPONSE with 61xx more than " + MAX_ROUNDS + " times");
    }
}
