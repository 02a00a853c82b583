package org.simgate.simulator.remsim;

import org.simgate.rspro.BankSlot;
import org.simgate.rspro.ClientSlot;

/** One mapping of a bank slot to a client slot, as osmo-remsim-server keeps it. */
record Slotmap(BankSlot bank, ClientSlot client, State state) {
    /** osmo-remsim-server's slotmap states, with its names (the REST API shows them). */
    enum State {
        /** created; not yet sent to the bank (or the bank went away) */
        NEW,
        /** CreateMappingReq sent, no answer yet */
        UNACKNOWLEDGED,
        /** the bank confirmed it: the client may use the card */
        ACTIVE,
        /** deletion asked for while the bank had not confirmed the creation yet */
        DELETE_REQ,
        /** RemoveMappingReq sent, no answer yet */
        DELETING
    }

    /** osmo-remsim-server's id of a slotmap (DELETE /api/backend/v1/slotmaps/{id}): bankId << 16 | slotNr. */
    static int id(BankSlot bank) {
        return bank.bankId() << 16 | bank.slotNr();
    }

    int id() {
        return id(bank);
    }

    Slotmap with(State next) {
        return new Slotmap(bank, client, next);
    }
}
