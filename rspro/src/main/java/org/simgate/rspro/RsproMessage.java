package org.simgate.rspro;

import java.util.Arrays;
import java.util.Objects;

/**
 * One alternative of RSPRO's {@code RsproPDUchoice}, one record per message. The comment of each names
 * its context tag (the byte after {@code A2 len} in a PDU) and who sends it to whom.
 *
 * <p>Byte arrays (ATR, TPDU data) are held as given, not copied: callers hand over their array. Their
 * {@code toString} shows lengths only: a TPDU may carry RES, CK or IK, which never reach a log line.
 */
public sealed interface RsproMessage {

    /** A0, bankd → server: a bank announces itself with its id and number of slots. */
    record ConnectBankReq(ComponentIdentity identity, int bankId, int numberOfSlots) implements RsproMessage {
        public ConnectBankReq {
            Objects.requireNonNull(identity, "identity");
            Ranges.require("ConnectBankReq.bankId", bankId, Ranges.MAX_ID);
            Ranges.require("ConnectBankReq.numberOfSlots", numberOfSlots, Ranges.MAX_ID);
        }
    }

    /** A1, server → bankd. */
    record ConnectBankRes(ComponentIdentity identity, ResultCode result) implements RsproMessage {
        public ConnectBankRes {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * A2, client → server or client → bankd. {@code clientSlot} is mandatory towards a bank; towards the
     * server it is the client's configured identity, or null.
     */
    record ConnectClientReq(ComponentIdentity identity, ClientSlot clientSlot) implements RsproMessage {
        public ConnectClientReq {
            Objects.requireNonNull(identity, "identity");
        }
    }

    /** A3, server/bankd → client. The real peers send it with operation tag 2342. */
    record ConnectClientRes(ComponentIdentity identity, ResultCode result) implements RsproMessage {
        public ConnectClientRes {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(result, "result");
        }
    }

    /** A4, server → bankd: the bank shall serve {@code bank} to {@code client}. */
    record CreateMappingReq(ClientSlot client, BankSlot bank) implements RsproMessage {
        public CreateMappingReq {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(bank, "bank");
        }
    }

    /** A5, bankd → server. */
    record CreateMappingRes(ResultCode result) implements RsproMessage {
        public CreateMappingRes {
            Objects.requireNonNull(result, "result");
        }
    }

    /** A6, server → bankd: the mapping is gone; the client loses the card. */
    record RemoveMappingReq(ClientSlot client, BankSlot bank) implements RsproMessage {
        public RemoveMappingReq {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(bank, "bank");
        }
    }

    /** A7, bankd → server. */
    record RemoveMappingRes(ResultCode result) implements RsproMessage {
        public RemoveMappingRes {
            Objects.requireNonNull(result, "result");
        }
    }

    /** A8, server → client: the server assigns the client's id. */
    record ConfigClientIdReq(ClientSlot clientSlot) implements RsproMessage {
        public ConfigClientIdReq {
            Objects.requireNonNull(clientSlot, "clientSlot");
        }
    }

    /** A9, client → server. */
    record ConfigClientIdRes(ResultCode result) implements RsproMessage {
        public ConfigClientIdRes {
            Objects.requireNonNull(result, "result");
        }
    }

    /** B1, server → client: connect to this bank slot at this address (0.0.0.0:0 when unmapped). */
    record ConfigClientBankReq(BankSlot bankSlot, IpPort bankd) implements RsproMessage {
        public ConfigClientBankReq {
            Objects.requireNonNull(bankSlot, "bankSlot");
            Objects.requireNonNull(bankd, "bankd");
        }
    }

    /** B2, client → server. */
    record ConfigClientBankRes(ResultCode result) implements RsproMessage {
        public ConfigClientBankRes {
            Objects.requireNonNull(result, "result");
        }
    }

    /** AA, bankd → client: the ATR the client's card emulator shall present. */
    record SetAtrReq(ClientSlot slot, byte[] atr) implements RsproMessage {
        public SetAtrReq {
            Objects.requireNonNull(slot, "slot");
            Objects.requireNonNull(atr, "atr");
            if (atr.length < 1 || atr.length > 55) {
                throw new IllegalArgumentException("SetAtrReq.atr must have 1 to 55 bytes, has " + atr.length);
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof SetAtrReq that && slot.equals(that.slot) && Arrays.equals(atr, that.atr);
        }

        @Override
        public int hashCode() {
            return 31 * slot.hashCode() + Arrays.hashCode(atr);
        }

        @Override
        public String toString() {
            return "SetAtrReq[slot=" + slot + ", atr=" + atr.length + " bytes]";
        }
    }

    /** AB, client → bankd. */
    record SetAtrRes(ResultCode result) implements RsproMessage {
        public SetAtrRes {
            Objects.requireNonNull(result, "result");
        }
    }

    /** AC, client → bankd: a command TPDU (header and data, as the modem sent them). */
    record TpduModemToCard(ClientSlot fromClientSlot, BankSlot toBankSlot, TpduFlags flags, byte[] data)
            implements RsproMessage {
        public TpduModemToCard {
            Objects.requireNonNull(fromClientSlot, "fromClientSlot");
            Objects.requireNonNull(toBankSlot, "toBankSlot");
            Objects.requireNonNull(flags, "flags");
            Objects.requireNonNull(data, "data");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof TpduModemToCard that && fromClientSlot.equals(that.fromClientSlot)
                    && toBankSlot.equals(that.toBankSlot) && flags.equals(that.flags)
                    && Arrays.equals(data, that.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(fromClientSlot, toBankSlot, flags, Arrays.hashCode(data));
        }

        @Override
        public String toString() {
            return "TpduModemToCard[" + fromClientSlot + " -> " + toBankSlot + ", " + flags + ", " + data.length
                    + " bytes]";
        }
    }

    /** AD, bankd → client: the card's answer, bytes unchanged (61xx included). */
    record TpduCardToModem(BankSlot fromBankSlot, ClientSlot toClientSlot, TpduFlags flags, byte[] data)
            implements RsproMessage {
        public TpduCardToModem {
            Objects.requireNonNull(fromBankSlot, "fromBankSlot");
            Objects.requireNonNull(toClientSlot, "toClientSlot");
            Objects.requireNonNull(flags, "flags");
            Objects.requireNonNull(data, "data");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof TpduCardToModem that && fromBankSlot.equals(that.fromBankSlot)
                    && toClientSlot.equals(that.toClientSlot) && flags.equals(that.flags)
                    && Arrays.equals(data, that.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(fromBankSlot, toClientSlot, flags, Arrays.hashCode(data));
        }

        @Override
        public String toString() {
            return "TpduCardToModem[" + fromBankSlot + " -> " + toClientSlot + ", " + flags + ", " + data.length
                    + " bytes]";
        }
    }

    /** AE, client → bankd: the modem's side of the slot changed (reset line, power, clock, presence). */
    record ClientSlotStatusInd(ClientSlot fromClientSlot, BankSlot toBankSlot, SlotPhysStatus slotPhysStatus)
            implements RsproMessage {
        public ClientSlotStatusInd {
            Objects.requireNonNull(fromClientSlot, "fromClientSlot");
            Objects.requireNonNull(toBankSlot, "toBankSlot");
            Objects.requireNonNull(slotPhysStatus, "slotPhysStatus");
        }
    }

    /** AF, bankd → client: the bank's side of the slot changed. */
    record BankSlotStatusInd(BankSlot fromBankSlot, ClientSlot toClientSlot, SlotPhysStatus slotPhysStatus)
            implements RsproMessage {
        public BankSlotStatusInd {
            Objects.requireNonNull(fromBankSlot, "fromBankSlot");
            Objects.requireNonNull(toClientSlot, "toClientSlot");
            Objects.requireNonNull(slotPhysStatus, "slotPhysStatus");
        }
    }

    /** B0, any → server: something went wrong. The slots and text are optional (null). */
    record ErrorInd(ComponentType sender, ErrorSeverity severity, ErrorCode code, BankSlot bankSlot,
                    ClientSlot clientSlot, String errorString) implements RsproMessage {
        public ErrorInd {
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(code, "code");
            if (errorString != null) {
                ComponentName.requireIa5("ErrorInd.errorString", errorString, 255);
            }
        }
    }

    /** B3, server → any: drop all state. */
    record ResetStateReq() implements RsproMessage {
    }

    /** B4, any → server. */
    record ResetStateRes(ResultCode result) implements RsproMessage {
        public ResetStateRes {
            Objects.requireNonNull(result, "result");
        }
    }
}
