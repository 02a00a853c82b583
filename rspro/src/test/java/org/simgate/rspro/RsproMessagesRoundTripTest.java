package org.simgate.rspro;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.simgate.rspro.RsproMessage.*;

/** Every alternative of the CHOICE, including those the capture lacks, survives encode and decode. */
class RsproMessagesRoundTripTest {
    private static final ComponentIdentity FULL = new ComponentIdentity(ComponentType.REMSIM_SERVER, "host",
            "simgate", "0.1", "maker", "model", "serial", "hw1", "fw2");
    private static final ClientSlot CLIENT = new ClientSlot(1023, 7);
    private static final BankSlot BANK = new BankSlot(5, 1023);

    @Test
    void everyMessageRoundTrips() throws Exception {
        List<RsproMessage> messages = List.of(
                new ConnectBankReq(FULL, 1023, 8),
                new ConnectBankRes(FULL, ResultCode.IDENTITY_IN_USE),
                new ConnectClientReq(FULL, CLIENT),
                new ConnectClientRes(FULL, ResultCode.CARD_NOT_PRESENT),
                new CreateMappingReq(CLIENT, BANK),
                new CreateMappingRes(ResultCode.OK),
                new RemoveMappingReq(CLIENT, BANK),
                new RemoveMappingRes(ResultCode.UNKNOWN_SLOTMAP),
                new ConfigClientIdReq(CLIENT),
                new ConfigClientIdRes(ResultCode.ILLEGAL_CLIENT_ID),
                new SetAtrReq(CLIENT, new byte[] {0x3b, 0x00}),
                new SetAtrRes(ResultCode.OK),
                new TpduModemToCard(CLIENT, BANK, new TpduFlags(true, false, true, false), new byte[] {0, (byte) 0xa4}),
                new TpduCardToModem(BANK, CLIENT, new TpduFlags(false, true, false, true), new byte[0]),
                new ClientSlotStatusInd(CLIENT, BANK, new SlotPhysStatus(false, null, true, null)),
                new BankSlotStatusInd(BANK, CLIENT, new SlotPhysStatus(true, true, null, false)),
                new ErrorInd(ComponentType.REMSIM_BANKD, ErrorSeverity.MAJOR, ErrorCode.UNKNOWN_CLIENT_CONNECTED,
                        BANK, CLIENT, "no mapping for this client"),
                new ErrorInd(ComponentType.REMSIM_CLIENT, new ErrorSeverity(9), new ErrorCode(77), null, null, null),
                new ConfigClientBankReq(BANK, new IpPort(InetAddress.getByName("10.1.2.3"), 9999)),
                new ConfigClientBankReq(BANK, new IpPort(InetAddress.getByName("2001:db8::1"), 65535)),
                new ConfigClientBankRes(new ResultCode(4711)),
                new ResetStateReq(),
                new ResetStateRes(ResultCode.OK));
        assertEquals(21, messages.stream().map(RsproCodec::choiceTag).distinct().count(), "every alternative");
        for (RsproMessage msg : messages) {
            RsproPdu pdu = new RsproPdu(2, 123456, msg);
            assertEquals(pdu, RsproCodec.decode(RsproCodec.encode(pdu)), msg.getClass().getSimpleName());
        }
    }
}
