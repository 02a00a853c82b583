package org.simgate.transport;

import java.util.Arrays;

/**
 * Answers "6Cxx: wrong Le, the right one is xx" by sending the same command again with Le = xx,
 * as a T=0 terminal must.
 */
public final class RightLengthRetryWrapper extends TransportWrapper {
    public RightLengthRetryWrapper(CardTransport link) {
        super(link);
    }

    @Override
    public byte[] transmit(byte[] command) throws CardTransportException {
        byte[] answer = ProcedureBytes.checked(link.transmit(command));
        if ((answer[answer.length - 2] & 0xff) != 0x6C || answer.length != 2) {
            return answer;
        }
        return link.transmit(withLe(command, answer[1]));
    }

    /** The command with its Le replaced (case 2 and 4) or added (case 1 and 3). */
    static byte[] withLe(byte[] command, byte le) {
        boolean hasLe = command.length == 5 || (command.length > 5 && command.length == 6 + (command[4] & 0xff));
        byte[] retry = Arrays.copyOf(command, hasLe ? command.length : command.length + 1);
        retry[retry.length - 1] = le;
        return retry;
    }
}
