package org.simgate.rspro;

/** A slot of a SIM bank: bank id and slot number, each 0..1023. */
public record BankSlot(int bankId, int slotNr) {
    public BankSlot {
        Ranges.require("BankSlot.bankId", bankId, Ranges.MAX_ID);
        Ranges.require("BankSlot.slotNr", slotNr, Ranges.MAX_ID);
    }

    @Override
    public String toString() {
        return "B(" + bankId + ":" + slotNr + ")";
    }
}
