package org.simgate.protocol.auc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.simgate.service.AucException;
import org.simgate.service.AucService;
import org.simgate.service.AucTriplet;
import org.simgate.service.AucVector;

/** hostapd's eap_sim_db requests in, hlr_auc_gw-shaped answers out, byte for byte. */
class HostapdAucHandlerTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String IMSI = "001010000000001";
    private static final DomainSocketAddress HOSTAPD = new DomainSocketAddress("/tmp/eap_sim_db_4242-0");
    private static final DomainSocketAddress AUC = new DomainSocketAddress("/run/simgate/auc.sock");

    private final List<String> calls = new ArrayList<>();
    private AucVector vector = new AucVector(bytes(0x11, 16), bytes(0x22, 16), bytes(0x33, 8), bytes(0x44, 16),
            bytes(0x55, 16), null, null);

    private final AucService stub = new AucService() {
        @Override
        public CompletableFuture<AucVector> vector(String imsi, String servingNetworkName) {
            calls.add("vector " + imsi);
            return IMSI.equals(imsi) ? CompletableFuture.completedFuture(vector) : unknown(imsi);
        }

        @Override
        public CompletableFuture<Void> resynchronise(String imsi, byte[] rand, byte[] auts) {
            calls.add("resync " + imsi + " " + HEX.formatHex(auts) + " " + HEX.formatHex(rand));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<List<AucTriplet>> triplets(String imsi, int count) {
            calls.add("triplets " + imsi + " " + count);
            if (!IMSI.equals(imsi)) {
                return unknown(imsi);
            }
            List<AucTriplet> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                out.add(new AucTriplet(bytes(0xa0 + i, 16), bytes(0xb0 + i, 4), bytes(0xc0 + i, 8)));
            }
            return CompletableFuture.completedFuture(out);
        }
    };

    private final EmbeddedChannel channel = new EmbeddedChannel(new HostapdAucHandler(stub));

    @Test
    void akaRequestGetsRandAutnIkCkResInThatOrder() {
        assertEquals("AKA-RESP-AUTH 001010000000001 " + "11".repeat(16) + " " + "22".repeat(16) + " " + "55".repeat(16)
                + " " + "44".repeat(16) + " " + "33".repeat(8), ask("AKA-REQ-AUTH 001010000000001"));
    }

    @Test
    void anUnknownImsiGetsFailure() {
        assertEquals("AKA-RESP-AUTH 001019999999999 FAILURE", ask("AKA-REQ-AUTH 001019999999999"));
        assertEquals("SIM-RESP-AUTH 001019999999999 FAILURE", ask("SIM-REQ-AUTH 001019999999999 3"));
    }

    @Test
    void autsIsPassedOnAndNotAnswered() {
        String auts = "0123456789abcdef0123456789ab";
        String rand = "00112233445566778899aabbccddeeff";
        send("AKA-AUTS 001010000000001 " + auts + " " + rand);
        assertNull(channel.readOutbound(), "AKA-AUTS has no answer");
        assertEquals(List.of("resync 001010000000001 " + auts + " " + rand), calls);
    }

    @Test
    void malformedAutsIsIgnored() {
        send("AKA-AUTS 001010000000001 0123 00112233445566778899aabbccddeeff");
        send("AKA-AUTS 001010000000001 zz23456789abcdef0123456789ab 00112233445566778899aabbccddeeff");
        send("AKA-AUTS 001010000000001");
        assertNull(channel.readOutbound());
        assertEquals(List.of(), calls);
    }

    @Test
    void simRequestGetsKcSresRandTripletsUpToMaxChal() {
        assertEquals("SIM-RESP-AUTH 001010000000001 " + "c0".repeat(8) + ":" + "b0".repeat(4) + ":" + "a0".repeat(16) + " "
                + "c1".repeat(8) + ":" + "b1".repeat(4) + ":" + "a1".repeat(16), ask("SIM-REQ-AUTH 001010000000001 2"));
        ask("SIM-REQ-AUTH 001010000000001 9");
        ask("SIM-REQ-AUTH 001010000000001 0");
        assertEquals(List.of("triplets 001010000000001 2", "triplets 001010000000001 3", "triplets 001010000000001 3"),
                calls);
    }

    @Test
    void keysHostapdCannotHoldGetFailureNotACutKey() {
        vector = new AucVector(bytes(0x11, 16), bytes(0x22, 16), bytes(0x33, 32), bytes(0x44, 32), bytes(0x55, 32), null,
                null);
        assertEquals("AKA-RESP-AUTH 001010000000001 FAILURE", ask("AKA-REQ-AUTH 001010000000001"));
    }

    @Test
    void aTrailingNulOrNewlineIsTolerated() {
        assertTrue(ask("AKA-REQ-AUTH 001010000000001\0").startsWith("AKA-RESP-AUTH 001010000000001 1111"));
        assertTrue(ask("AKA-REQ-AUTH 001010000000001\n").startsWith("AKA-RESP-AUTH 001010000000001 1111"));
    }

    @Test
    void garbageIsDroppedAndTheSocketServesOn() {
        send("HELLO");
        send("AKA-REQ-AUTH");
        send("AKA-REQ-AUTH 0010\u0001");
        send("NOT-A-COMMAND 001010000000001");
        channel.writeInbound(new DomainDatagramPacket(Unpooled.wrappedBuffer(new byte[2000]), AUC, HOSTAPD));
        assertNull(channel.readOutbound());
        assertTrue(ask("AKA-REQ-AUTH 001010000000001").startsWith("AKA-RESP-AUTH"));
        assertTrue(channel.isOpen());
    }

    @Test
    void aRequestFromAnUnboundSocketCannotBeAnswered() {
        channel.writeInbound(new DomainDatagramPacket(Unpooled.copiedBuffer("AKA-REQ-AUTH 001010000000001",
                StandardCharsets.US_ASCII), AUC, null));
        assertNull(channel.readOutbound());
        assertTrue(channel.isOpen());
    }

    @Test
    void theAnswerGoesToTheSendersBoundAddress() {
        send("AKA-REQ-AUTH 001010000000001");
        DomainDatagramPacket answer = channel.readOutbound();
        assertEquals(HOSTAPD.path(), answer.recipient().path());
        answer.release();
    }

    private String ask(String request) {
        send(request);
        DomainDatagramPacket answer = channel.readOutbound();
        try {
            return answer.content().toString(StandardCharsets.US_ASCII);
        } finally {
            answer.release();
        }
    }

    private void send(String request) {
        channel.writeInbound(new DomainDatagramPacket(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII), AUC,
                HOSTAPD));
    }

    private static byte[] bytes(int value, int length) {
        byte[] out = new byte[length];
        java.util.Arrays.fill(out, (byte) value);
        return out;
    }

    private static <T> CompletableFuture<T> unknown(String imsi) {
        return CompletableFuture.failedFuture(new AucException(AucException.Kind.UNKNOWN_SUBSCRIBER, "no subscriber " + imsi));
    }

}
