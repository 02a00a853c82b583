package org.simgate.gateway.slot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.simgate.gateway.slot.SlotExecutorTest.failureOf;
import static org.simgate.gateway.slot.SlotExecutorTest.resultOf;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.simgate.service.CardInfo;
import org.simgate.service.SlotException;
import org.simgate.service.SlotException.Kind;
import org.simgate.service.SlotStatus.State;
import org.simgate.transport.CardTransport;
import org.simgate.transport.CardTransportException;
import org.simgate.transport.Hex;

/**
 * A slot whose transport reaches the card but cannot pass it APDUs (a modem that refuses AT+CSIM):
 * AKA and raw APDUs fail with a message that says so, the slot stays up and connected, and the IMSI
 * still comes from the transport's own command.
 */
class SlotWithoutApdusTest {
    private static final String REFUSED = "AKA unavailable: the modem refuses AT+CSIM (+CME ERROR: 4); "
            + "only its IMSI can be read (AT+CIMI)";

    /** Connects with no ATR, refuses every APDU, knows its IMSI (or not: imsi null). */
    static final class RefusingModem implements CardTransport {
        final AtomicInteger connects = new AtomicInteger();
        final AtomicInteger transmits = new AtomicInteger();
        final String imsi;

        RefusingModem(String imsi) {
            this.imsi = imsi;
        }

        @Override
        public byte[] connect() {
            connects.incrementAndGet();
            return new byte[0];
        }

        @Override
        public byte[] transmit(byte[] command) throws CardTransportException {
            transmits.incrementAndGet();
            throw new CardTransportException.ApdusUnavailable(REFUSED);
        }

        @Override
        public String imsiWithoutApdus() {
            return imsi;
        }

        @Override
        public boolean isPresent() {
            return true;
        }

        @Override
        public String describe() {
            return "refusing modem";
        }

        @Override
        public void close() {
        }
    }

    private Slot slot;

    @AfterEach
    void stop() {
        if (slot != null) {
            slot.close();
        }
    }

    private Slot slot(CardTransport transport, boolean allowApdu) {
        slot = new Slot(SlotTest.slotConfig(5, allowApdu, Duration.ofSeconds(30)), transport);
        return slot;
    }

    @Test
    void authenticationFailsSayingAkaIsUnavailableAndTheSlotStaysUpAndConnected() throws Exception {
        RefusingModem modem = new RefusingModem("001010000000001");
        slot(modem, false);

        for (int i = 0; i < 2; i++) {
            SlotException e = failureOf(slot.authenticate(SlotTest.usimRequest()));
            assertEquals(Kind.CARD_PROTOCOL, e.kind());
            assertEquals("test slot 5: " + REFUSED, e.getMessage());
        }
        assertEquals(State.PRESENT, slot.status().state());
        assertEquals("test slot 5: " + REFUSED, slot.status().lastError());
        assertEquals(1, modem.connects.get(), "nothing to reconnect");
    }

    @Test
    void infoGivesTheImsiTheTransportReadsItselfAndNoIccidOrApplications() throws Exception {
        RefusingModem modem = new RefusingModem("001010000000001");
        slot(modem, false);

        CardInfo info = resultOf(slot.info());
        assertEquals("001010000000001", info.imsi());
        assertNull(info.iccid());
        assertEquals(List.of(), info.applications());
        assertArrayEquals(new byte[0], info.atr());
        assertEquals(State.PRESENT, slot.status().state());
    }

    @Test
    void aTransportWithoutSuchACommandAnswersInfoWithoutAnImsi() throws Exception {
        slot(new RefusingModem(null), false);
        assertNull(resultOf(slot.info()).imsi());
    }

    @Test
    void rawApdusFailTheSameWay() throws Exception {
        RefusingModem modem = new RefusingModem("001010000000001");
        slot(modem, true);
        SlotException e = failureOf(slot.transmit(List.of(Hex.decode("00a40004023f00"))));
        assertEquals(Kind.CARD_PROTOCOL, e.kind());
        assertEquals("test slot 5: " + REFUSED, e.getMessage());
        assertEquals(1, modem.transmits.get());
    }
}
