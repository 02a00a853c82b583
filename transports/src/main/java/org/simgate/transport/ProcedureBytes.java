package org.simgate.transport;

/** Where the T=0 procedure-byte wrappers are stacked, in the one order that works. */
public final class ProcedureBytes {
    private ProcedureBytes() {
    }

    /**
     * GET RESPONSE outside, right-length retry inside: a GET RESPONSE answered 6Cxx is retried
     * underneath, and a retried command answered 61xx is fetched from above.
     */
    public static CardTransport wrap(CardTransport raw) {
        return new GetResponseWrapper(new RightLengthRetryWrapper(raw));
    }

    /** The answer, if it holds at least a status word; a shorter one is the card's protocol error. */
    static byte[] checked(byte[] answer) throws CardTransportException {
        if (answer == null || answer.length < 2) {
            throw new CardTransportException("card answered " + (answer == null ? "nothing" : answer.length + " byte(s)")
                    + ", shorter than a status word");
        }
        return answer;
    }
}
