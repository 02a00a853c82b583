package org.simgate.rspro;

/** A slot of a remsim client (modem side): client id and slot number, each 0..1023. */
public record ClientSlot(int clientId, int slotNr) {
    public ClientSlot {
        Ranges.require("ClientSlot.clientId", clientId, Ranges.MAX_ID);
        Ranges.require("ClientSlot.slotNr", slotNr, Ranges.MAX_ID);
    }

    @Override
    public String toString() {
        return "C(" + clientId + ":" + slotNr + ")";
    }
}
