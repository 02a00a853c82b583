package org.simgate.transport.simcard;

import java.io.IOException;

/**
 * Where a software card keeps the SQNs it accepted (TS 33.102 Annex C.3.2) beyond its own memory:
 * the card's state file ({@link SqnStateFile}), or a store shared by many cards (the subscriber farm's
 * journal). Called on the card's thread when an AUTHENTICATE accepted a new SQN, before the card
 * answers it.
 */
public interface SqnStore {
    /**
     * Keeps SEQ {@code seq} as accepted for IND {@code ind}. A store that makes it durable later must
     * hold the card's answer back until then (the card cannot: it answers when this returns).
     *
     * @param seqByInd every IND's highest accepted SEQ, this one included (the store's to keep)
     * @throws IOException it cannot be kept: the card forgets the SQN and answers 6581 (memory problem)
     */
    void accepted(int ind, long seq, long[] seqByInd) throws IOException;
}
