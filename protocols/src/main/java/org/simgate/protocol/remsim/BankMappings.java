package org.simgate.protocol.remsim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.simgate.rspro.BankSlot;
import org.simgate.rspro.ClientSlot;
import org.simgate.rspro.ResultCode;

/**
 * Which remsim client may use which of the bank's slots, as the remsim-server set it (CreateMappingReq,
 * RemoveMappingReq, ResetStateReq). A client without a mapping gets no card. Kept across a lost server
 * link, as osmo-remsim-bankd does: the server re-sends its mappings when the bank is back. Called from
 * the server link's and the clients' event loops.
 */
final class BankMappings {
    /** Told of every change, outside the table's lock, on the changing thread. */
    interface Listener {
        void mapped(ClientSlot client, BankSlot bank);

        void unmapped(ClientSlot client, BankSlot bank);
    }

    private final int bankId;
    private final int slotCount;
    private final Map<Integer, ClientSlot> clientOfSlot = new HashMap<>();
    private final Set<Listener> listeners = ConcurrentHashMap.newKeySet();

    BankMappings(int bankId, int slotCount) {
        this.bankId = bankId;
        this.slotCount = slotCount;
    }

    void listen(Listener listener) {
        listeners.add(listener);
    }

    void unlisten(Listener listener) {
        listeners.remove(listener);
    }

    /** The bank slot mapped to {@code client}, or null. */
    synchronized BankSlot bankSlotOf(ClientSlot client) {
        for (Map.Entry<Integer, ClientSlot> entry : clientOfSlot.entrySet()) {
            if (entry.getValue().equals(client)) {
                return new BankSlot(bankId, entry.getKey());
            }
        }
        return null;
    }

    /** Maps {@code bank} to {@code client}; a mapping either had before goes (its client loses the card). */
    ResultCode create(ClientSlot client, BankSlot bank) {
        ResultCode refusal = refusal(bank);
        if (refusal != null) {
            return refusal;
        }
        List<Map.Entry<ClientSlot, BankSlot>> removed = new ArrayList<>();
        synchronized (this) {
            if (client.equals(clientOfSlot.get(bank.slotNr()))) {
                return ResultCode.OK;
            }
            ClientSlot previous = clientOfSlot.remove(bank.slotNr());
            if (previous != null) {
                removed.add(Map.entry(previous, bank));
            }
            clientOfSlot.entrySet().removeIf(entry -> {
                if (entry.getValue().equals(client)) {
                    removed.add(Map.entry(client, new BankSlot(bankId, entry.getKey())));
                    return true;
                }
                return false;
            });
            clientOfSlot.put(bank.slotNr(), client);
        }
        removed.forEach(gone -> listeners.forEach(l -> l.unmapped(gone.getKey(), gone.getValue())));
        listeners.forEach(l -> l.mapped(client, bank));
        return ResultCode.OK;
    }

    ResultCode remove(ClientSlot client, BankSlot bank) {
        ResultCode refusal = refusal(bank);
        if (refusal != null) {
            return refusal;
        }
        synchronized (this) {
            if (!client.equals(clientOfSlot.get(bank.slotNr()))) {
                return ResultCode.UNKNOWN_SLOTMAP;
            }
            clientOfSlot.remove(bank.slotNr());
        }
        listeners.forEach(l -> l.unmapped(client, bank));
        return ResultCode.OK;
    }

    void removeAll() {
        Map<Integer, ClientSlot> all;
        synchronized (this) {
            all = new HashMap<>(clientOfSlot);
            clientOfSlot.clear();
        }
        all.forEach((slotNr, client) -> listeners.forEach(l -> l.unmapped(client, new BankSlot(bankId, slotNr))));
    }

    synchronized int size() {
        return clientOfSlot.size();
    }

    private ResultCode refusal(BankSlot bank) {
        if (bank.bankId() != bankId) {
            return ResultCode.ILLEGAL_BANK_ID;
        }
        if (bank.slotNr() >= slotCount) {
            return ResultCode.ILLEGAL_SLOT_ID;
        }
        return null;
    }
}
