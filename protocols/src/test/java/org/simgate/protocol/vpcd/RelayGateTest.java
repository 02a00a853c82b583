package org.simgate.protocol.vpcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.service.ScriptedSlot.ATR;

import com.typesafe.config.ConfigFactory;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.service.ScriptedSlot;
import org.simgate.protocol.ConnectionsByKey;
import org.simgate.security.MutableClock;
import org.simgate.security.Security;
import org.simgate.security.TestKeys;
import org.simgate.security.config.AuthConfig;
import org.simgate.security.keys.DeviceKey;
import org.simgate.security.keys.SharedKey;
import org.simgate.security.line.AuthLineSigner;

/**
 * A listening relay with {@code simgate.auth.required}: the AUTH frame (a vpcd frame holding an
 * AUTH line) lets a peer through to the card; anything else closes the connection, and the card
 * hears nothing of it.
 */
class RelayGateTest {
    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    final ScriptedSlot card = new ScriptedSlot(2);
    final ConnectionsByKey connections = new ConnectionsByKey();
    final KeyPair phone = TestKeys.p384();
    volatile boolean phoneRevoked;
    Security security;

    @BeforeEach
    void start() throws Exception {
        Path keys = dir.resolve("keys.conf");
        Files.writeString(keys, "groups { relay { client = relay-a, keys = [ { id = relay-1, secret = \"base64:"
                + Base64.getEncoder().encodeToString(TestKeys.secret(3)) + "\" } ] }, "
                + "lab { client = lab-a, keys = [ { id = lab-1, secret = \"base64:"
                + Base64.getEncoder().encodeToString(TestKeys.secret(4)) + "\" } ] } }");
        security = Security.start(AuthConfig.fromRoot(ConfigFactory.parseString("""
                simgate.auth {
                  required = true
                  keys-file = "%s"
                  clients {
                    relay-a { slots = [2], operations = [relay] }
                    lab-a { slots = "*", operations = [aka, info, apdu] }
                    phone { slots = [2], operations = [relay] }
                  }
                }
                """.formatted(keys))), keyId -> keyId.equals("dev-1")
                ? Optional.of(new DeviceKey("dev-1", "phone", (ECPublicKey) phone.getPublic(), phoneRevoked))
                : Optional.empty(), clock, Map.<String, String>of()::get);
    }

    @AfterEach
    void stop() {
        security.close();
    }

    EmbeddedChannel relay() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.freezeTime();
        VpcdInitializer.listening(card, 2, security, connections).configure(channel.pipeline());
        channel.pipeline().fireChannelActive(); // the handlers came after the channel's own activation
        return channel;
    }

    static String authLine(String keyId, int fill, MutableClock clock) {
        return AuthLineSigner.hmac(new SharedKey(keyId, "g", "c", TestKeys.secret(fill), null, false), clock).line();
    }

    static void send(EmbeddedChannel channel, byte[] payload) {
        ByteBuf frame = Unpooled.buffer().writeShort(payload.length).writeBytes(payload);
        channel.writeInbound(frame);
        channel.runPendingTasks();
    }

    static void authFrame(EmbeddedChannel channel, String line) {
        send(channel, line.getBytes(StandardCharsets.US_ASCII));
    }

    static void getAtr(EmbeddedChannel channel) {
        send(channel, new byte[] {0x04});
    }

    static String sent(EmbeddedChannel channel) {
        channel.runPendingTasks();
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            out.append(ByteBufUtil.hexDump(buf).toUpperCase());
            buf.release();
        }
        return out.length() == 0 ? null : out.toString();
    }

    @Test
    void anAuthFrameLetsThePeerThroughAndGetsNoAnswer() {
        EmbeddedChannel vpcd = relay();

        authFrame(vpcd, authLine("relay-1", 3, clock));
        assertNull(sent(vpcd));

        getAtr(vpcd);
        assertEquals("0016" + ATR, sent(vpcd));
        assertEquals(List.of("atr"), card.calls);
    }

    @Test
    void aPeerThatStartsWithVpcdsOwnFramesIsClosedAndTheCardHearsNothing() {
        EmbeddedChannel vpcd = relay();

        getAtr(vpcd);

        assertNull(sent(vpcd));
        assertFalse(vpcd.isActive());
        assertEquals(List.of(), card.calls);
    }

    @Test
    void aTamperedOrReplayedAuthFrameIsClosed() {
        String line = authLine("relay-1", 3, clock);
        EmbeddedChannel first = relay();
        authFrame(first, line);
        assertTrue(first.isActive());

        EmbeddedChannel replayed = relay();
        authFrame(replayed, line);
        assertFalse(replayed.isActive());

        EmbeddedChannel tampered = relay();
        authFrame(tampered, authLine("relay-1", 9, clock));
        assertFalse(tampered.isActive());
        assertEquals(List.of(), card.calls);
    }

    @Test
    void aClientThatMayNotRelayIsClosed() {
        EmbeddedChannel vpcd = relay();

        authFrame(vpcd, authLine("lab-1", 4, clock));

        assertNull(sent(vpcd));
        assertFalse(vpcd.isActive());
        assertEquals(List.of(), card.calls);
    }

    @Test
    void aPeerThatSendsNothingIsClosedAfterTheTimeout() {
        EmbeddedChannel vpcd = relay();

        vpcd.advanceTimeBy(RelayGate.AUTH_TIMEOUT_SECONDS + 1, TimeUnit.SECONDS);
        vpcd.runScheduledPendingTasks();

        assertFalse(vpcd.isActive());
    }

    @Test
    void aRevokedDeviceKeyEndsTheRelayAtItsNextFrameOrAtOnce() {
        EmbeddedChannel first = relay();
        authFrame(first, AuthLineSigner.ecdsa("dev-1", (ECPrivateKey) phone.getPrivate(), clock).line());
        getAtr(first);
        assertEquals("0016" + ATR, sent(first));

        phoneRevoked = true;
        getAtr(first);
        assertNull(sent(first));
        assertFalse(first.isActive());

        phoneRevoked = false;
        EmbeddedChannel second = relay();
        authFrame(second, AuthLineSigner.ecdsa("dev-1", (ECPrivateKey) phone.getPrivate(), clock).line());
        assertEquals(1, connections.closeAll("dev-1"));
        assertFalse(second.isActive());
    }

    @Test
    void aConnectingRelaySendsTheAuthFrameFirst() {
        EmbeddedChannel channel = new EmbeddedChannel();
        VpcdInitializer.connecting(card, 2, "vpcd.example", 35963, null, () -> ">AUTH:k:1:n:AAAA|")
                .configure(channel.pipeline());
        channel.pipeline().fireChannelActive();

        assertEquals("0011" + ScriptedSlot.HEX.formatHex(">AUTH:k:1:n:AAAA|".getBytes(StandardCharsets.US_ASCII)),
                sent(channel));
        assertNull(channel.pipeline().get("auth"), "it steps aside after the frame");
    }
}
