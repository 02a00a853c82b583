package org.simgate.protocol.remsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import org.junit.jupiter.api.Test;
import org.simgate.service.ScriptedSlot;
import org.simgate.rspro.BankSlot;
import org.simgate.rspro.ClientSlot;
import org.simgate.rspro.ComponentIdentity;
import org.simgate.rspro.ComponentType;
import org.simgate.rspro.RsproPduCodec;
import org.simgate.rspro.ipa.IpaFrameDecoder;
import org.simgate.rspro.ipa.IpaFrameEncoder;

/**
 * The bank against the bytes the real osmo-remsim-client-shell (bfcca52, client 7/0) sent to it on
 * 2026-12-07, and the bytes it must answer: simgate's own answers as captured then, and where the card's
 * answer is the same, the frame the real osmo-remsim-bankd answered the same TPDU with.
 */
class BankRealClientFramesTest {
    /** osmo-remsim-client-shell -c 7 -n 0 on host "vm": ConnectClientReq {{remsimClient, "vm", ...}, {7, 0}}. */
    private static final String SHELL_CONNECT = "003cee073039800102810100a231a22f30250a01001602766d800d72656d73696d2d"
            + "636c69656e74810d312e302e302e35352d626663633006020107020100";
    /** simgate's ConnectClientRes ok (tag 2342) as bank "vm", software "simgate" "dev". */
    private static final String BANK_CONNECTED = "0028ee07302580010281020926a21ca31a30150a01021602766d800773696d676174"
            + "6581036465760a0100";
    /** SetAtrReq {{7, 0}, the simulated card's ATR}. */
    private static final String BANK_SET_ATR = "002dee07302a800102810100a222aa20300602010702010004163b9f96801fc78031"
            + "e073fe21136773696d67617465b8";
    /** The shell's line "00700000": TpduModemToCard {{7, 0}, {1, 0}, flags, 00700000}, a 4-byte case 1 command. */
    private static final String SHELL_TPDU_4 = "0031ee07302e800102810100a226ac2430060201070201003006020101020100300c"
            + "010100010100010100010100040400700000";
    /** osmo-remsim-bankd's answer to it: TpduCardToModem {{1, 0}, {7, 0}, flags, 6d00}, the card's SW. */
    private static final String BANKD_ANSWER_6D00 = "002fee07302c800102810100a224ad2230060201010201003006020107020100"
            + "300c01010001010001010001010004026d00";
    /** The shell's line "0070": a 2-byte TPDU, which no slot takes. */
    private static final String SHELL_TPDU_2 = "002fee07302c800102810100a224ac2230060201070201003006020101020100300c"
            + "01010001010001010001010004020070";

    private final ScriptedSlot card = new ScriptedSlot(4);
    private final BankMappings mappings = new BankMappings(1, 1);
    private final EmbeddedChannel channel = new EmbeddedChannel(new IpaFrameDecoder(), IpaFrameEncoder.INSTANCE,
            RsproPduCodec.INSTANCE, new BankClientHandler(card, mappings, new BankState(new RemsimBankConfig(true,
                    "127.0.0.1", 9998, 1, "127.0.0.1", 9999, List.of(4), Duration.ofSeconds(30), Duration.ofSeconds(10),
                    false, 64), Clock.systemUTC()), List.of(4),
                    ComponentIdentity.of(ComponentType.REMSIM_BANKD, "vm", "simgate", "dev")));

    @Test
    void theShellIsAnsweredWithTheBytesItGotFromSimgate() {
        mappings.create(new ClientSlot(7, 0), new BankSlot(1, 0));
        receive(SHELL_CONNECT);
        assertEquals(BANK_CONNECTED, sent());
        assertEquals(BANK_SET_ATR, sent());
    }

    @Test
    void aFourByteTpduReachesTheCardAndIsAnsweredAsOsmoRemsimBankdAnswersIt() {
        connected();
        card.answer("00700000", "6d00");
        receive(SHELL_TPDU_4);
        assertEquals(BANKD_ANSWER_6D00, sent());
        assertEquals(List.of("atr", "00700000"), card.calls);
        assertTrue(channel.isOpen());
    }

    @Test
    void aTpduNoSlotTakesHangsUpInsteadOfLeavingTheClientWaiting() {
        connected();
        receive(SHELL_TPDU_2);
        assertNull(channel.readOutbound());
        assertEquals(List.of("atr"), card.calls);
        assertFalse(channel.isOpen());
    }

    private void connected() {
        mappings.create(new ClientSlot(7, 0), new BankSlot(1, 0));
        receive(SHELL_CONNECT);
        sent();
        sent();
    }

    private void receive(String frame) {
        channel.writeInbound(Unpooled.wrappedBuffer(ScriptedSlot.HEX.parseHex(frame)));
        channel.runPendingTasks();
    }

    private String sent() {
        channel.runPendingTasks();
        ByteBuf out = channel.readOutbound();
        if (out == null) {
            throw new AssertionError("nothing sent");
        }
        try {
            return ByteBufUtil.hexDump(out);
        } finally {
            out.release();
        }
    }
}
