package org.simgate.protocol.remsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.simgate.rspro.BankSlot;
import org.simgate.rspro.ClientSlot;
import org.simgate.rspro.ResultCode;

/** The bank's mapping table answers the server as osmo-remsim-bankd does. */
class BankMappingsTest {
    private final BankMappings mappings = new BankMappings(1, 2);
    private final List<String> events = new ArrayList<>();

    BankMappingsTest() {
        mappings.listen(new BankMappings.Listener() {
            @Override
            public void mapped(ClientSlot client, BankSlot bank) {
                events.add("+" + bank + client);
            }

            @Override
            public void unmapped(ClientSlot client, BankSlot bank) {
                events.add("-" + bank + client);
            }
        });
    }

    @Test
    void anotherBanksIdOrASlotBeyondTheBankIsRefused() {
        assertEquals(ResultCode.ILLEGAL_BANK_ID, mappings.create(new ClientSlot(7, 0), new BankSlot(2, 0)));
        assertEquals(ResultCode.ILLEGAL_SLOT_ID, mappings.create(new ClientSlot(7, 0), new BankSlot(1, 2)));
        assertEquals(List.of(), events);
    }

    @Test
    void aNewMappingOfASlotOrAClientReplacesTheOldOne() {
        assertEquals(ResultCode.OK, mappings.create(new ClientSlot(7, 0), new BankSlot(1, 0)));
        assertEquals(ResultCode.OK, mappings.create(new ClientSlot(7, 0), new BankSlot(1, 0)), "the same again");
        assertEquals(ResultCode.OK, mappings.create(new ClientSlot(9, 0), new BankSlot(1, 0)));
        assertEquals(ResultCode.OK, mappings.create(new ClientSlot(9, 0), new BankSlot(1, 1)));
        assertEquals(List.of("+B(1:0)C(7:0)", "-B(1:0)C(7:0)", "+B(1:0)C(9:0)", "-B(1:0)C(9:0)", "+B(1:1)C(9:0)"),
                events);
        assertNull(mappings.bankSlotOf(new ClientSlot(7, 0)));
        assertEquals(new BankSlot(1, 1), mappings.bankSlotOf(new ClientSlot(9, 0)));
    }

    @Test
    void removingAMappingThatIsNotThereIsUnknownSlotmap() {
        mappings.create(new ClientSlot(7, 0), new BankSlot(1, 0));
        assertEquals(ResultCode.UNKNOWN_SLOTMAP, mappings.remove(new ClientSlot(8, 0), new BankSlot(1, 0)));
        assertEquals(ResultCode.UNKNOWN_SLOTMAP, mappings.remove(new ClientSlot(7, 0), new BankSlot(1, 1)));
        assertEquals(ResultCode.OK, mappings.remove(new ClientSlot(7, 0), new BankSlot(1, 0)));
        assertEquals(0, mappings.size());
    }

    @Test
    void resetStateRemovesEveryMapping() {
        mappings.create(new ClientSlot(7, 0), new BankSlot(1, 0));
        mappings.create(new ClientSlot(8, 0), new BankSlot(1, 1));
        events.clear();
        mappings.removeAll();
        assertEquals(0, mappings.size());
        assertEquals(2, events.size());
    }
}
