package org.simgate.protocol.line;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.protocol.ConnectionsByKey;
import org.simgate.security.MutableClock;
import org.simgate.security.Security;
import org.simgate.security.TestKeys;
import org.simgate.security.config.AuthConfig;
import org.simgate.security.keys.DeviceKey;
import org.simgate.security.keys.SharedKey;
import org.simgate.security.line.AuthLineSigner;

/**
 * The line protocol with {@code simgate.auth.required}: the AUTH line, what a connection may do
 * before and after it, the ACL, the AKA rate limit and revocation, on an EmbeddedChannel.
 */
class LineAuthenticationTest {
    static final String RAND = "00112233445566778899AABBCCDDEEFF";
    static final String AUTN = "3CBC31A43007800010F4E2E95DE26B00";
    static final String REFUSED = ">ERR:C085:authentication required\n@@\n";
    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(NOW);
    final FakeCards cards = FakeCards.twoSlots();
    final ConnectionsByKey connections = new ConnectionsByKey();
    final KeyPair phone = TestKeys.p384();
    volatile boolean phoneRevoked;
    Security security;

    /** Client lab-a: key lab-1, AKA and info on slot 0, at most 1 AKA at once then 1/s; phone: device key dev-1, info anywhere. */
    EmbeddedLine line() throws Exception {
        Path keys = dir.resolve("keys.conf");
        Files.writeString(keys, "groups.lab { client = lab-a, keys = [ { id = lab-1, secret = \"base64:"
                + Base64.getEncoder().encodeToString(TestKeys.secret(7)) + "\" } ] }");
        AuthConfig config = AuthConfig.fromRoot(ConfigFactory.parseString("""
                simgate.auth {
                  required = true
                  keys-file = "%s"
                  clients {
                    lab-a { slots = [0], operations = [aka, info], rate-limit { per-second = 1, burst = 1 } }
                    phone { slots = "*", operations = [info] }
                  }
                }
                """.formatted(keys)));
        security = Security.start(config, keyId -> keyId.equals("dev-1")
                ? Optional.of(new DeviceKey("dev-1", "phone", (ECPublicKey) phone.getPublic(), phoneRevoked))
                : Optional.empty(), clock, Map.<String, String>of()::get);
        return new EmbeddedLine(new LineInitializer(cards, LineSettings.DEFAULTS, security, connections));
    }

    @AfterEach
    void close() {
        if (security != null) {
            security.close();
        }
    }

    String labAuth() {
        return AuthLineSigner.hmac(new SharedKey("lab-1", "lab", "lab-a", TestKeys.secret(7), null, false), clock).line();
    }

    String phoneAuth() {
        return AuthLineSigner.ecdsa("dev-1", (ECPrivateKey) phone.getPrivate(), clock).line();
    }

    @Test
    void beforeAuthEveryRequestIsRefusedAndNothingReachesACard() throws Exception {
        EmbeddedLine line = line();

        assertEquals(REFUSED, line.send(">simgate slot 0|\n>1:IMSI|\n>2:AUTH:" + RAND + AUTN + "|\n\n").output());
        assertEquals(REFUSED, line.send(">*|\n>1:ENUM|\n\n").output());

        assertEquals(List.of(), cards.transactions);
        assertTrue(line.channel.isActive(), "a request before AUTH does not close the connection");
    }

    @Test
    void aVerifiedAuthLineOpensTheConnection() throws Exception {
        EmbeddedLine line = line();

        assertEquals(">AUTH:OK\n@@\n", line.send(labAuth() + "\n").output());
        assertEquals(">1:001010123456063\n@@\n", line.send(">simgate slot 0|\n>1:IMSI|\n\n").output());
    }

    @Test
    void authAndARequestMaySendAheadInOneSegment() throws Exception {
        EmbeddedLine line = line();

        assertEquals(">AUTH:OK\n@@\n>1:001010123456063\n@@\n",
                line.send(labAuth() + "\r\n>simgate slot 0|\n>1:IMSI|\n\n").output());
    }

    @Test
    void aBadAuthLineGetsTheSameAnswerAndTheThirdCloses() throws Exception {
        EmbeddedLine line = line();
        String good = labAuth();
        String tampered = good.substring(0, good.length() - 6) + "AAAA=|";

        assertEquals(REFUSED, line.send(tampered + "\n").output());
        assertEquals(REFUSED, line.send(">AUTH:nobody:" + NOW.getEpochSecond() + ":n1:AAAA|\n").output());
        assertTrue(line.channel.isActive());
        assertEquals(REFUSED, line.send(">AUTH:garbage|\n").output());
        assertFalse(line.channel.isActive(), "closed after " + LineGuard.MAX_FAILED_AUTH + " failed AUTH lines");
    }

    @Test
    void aReplayedAuthLineIsRefused() throws Exception {
        String auth = labAuth();
        EmbeddedLine first = line();
        assertEquals(">AUTH:OK\n@@\n", first.send(auth + "\n").output());

        EmbeddedLine second = new EmbeddedLine(new LineInitializer(cards, LineSettings.DEFAULTS, security, connections));
        assertEquals(REFUSED, second.send(auth + "\n").output());
        assertEquals(REFUSED, second.send(">simgate slot 0|\n>1:IMSI|\n\n").output());
    }

    @Test
    void aCommandTheClientMayNotRunIsForbiddenAndNeverQueued() throws Exception {
        EmbeddedLine line = line();
        line.send(labAuth() + "\n").output();

        assertEquals(">1:C086\n>2:001010123456063\n@@\n",
                line.send(">simgate slot 0|\n>1:APDU:00A4000C023F00|\n>2:IMSI|\n\n").output());
        assertEquals(">1:C086\n>2:C086\n@@\n", line.send(">simgate slot 1|\n>1:IMSI|\n>2:RESET|\n\n").output());

        assertEquals(List.of(0), cards.transactions);
        assertEquals(List.of("info"), cards.card(0).calls);
        assertEquals(List.of(), cards.card(1).calls);
    }

    @Test
    void enumAndReadersListOnlyTheReadersTheClientMayUse() throws Exception {
        EmbeddedLine line = line();
        line.send(labAuth() + "\n").output();
        String slot0 = Base64.getEncoder().encodeToString("simgate slot 0".getBytes());

        assertEquals(">1:" + slot0 + "\n>2:" + slot0 + "\n@@\n", line.send(">*|\n>1:ENUM|\n>2:READERS|\n\n").output());
    }

    @Test
    void akaOverTheClientsRateIsThrottledWithTheSecondsToWait() throws Exception {
        EmbeddedLine line = line();
        line.send(labAuth() + "\n").output();

        String answer = line.send(">simgate slot 0|\n>1:AUTH:" + RAND + AUTN + "|\n>2:AUTH:" + RAND + AUTN + "|\n\n").output();

        assertTrue(answer.startsWith(">1:A54211D5E3BA50BF:"), answer);
        assertTrue(answer.endsWith(">2:C087:1\n@@\n"), answer);
        assertEquals(1, cards.card(0).auths.size());
    }

    @Test
    void aRevokedDeviceKeyIsRefusedAtItsNextRequestAndClosed() throws Exception {
        EmbeddedLine line = line();
        assertEquals(">AUTH:OK\n@@\n", line.send(phoneAuth() + "\n").output());
        assertEquals(">1:001010123456063\n@@\n", line.send(">simgate slot 1|\n>1:IMSI|\n\n").output());

        phoneRevoked = true;

        assertEquals(REFUSED, line.send(">simgate slot 1|\n>1:IMSI|\n\n").output());
        assertFalse(line.channel.isActive());
        assertEquals(1, cards.card(1).calls.size());
    }

    @Test
    void revokingAKeyClosesItsConnectionsAtOnce() throws Exception {
        EmbeddedLine line = line();
        line.send(phoneAuth() + "\n").output();
        assertEquals(1, connections.count("dev-1"));

        assertEquals(1, connections.closeAll("dev-1"));

        assertFalse(line.channel.isActive());
    }

    @Test
    void anExpiredKeyStopsTheConnectionAtItsNextRequest() throws Exception {
        Path keys = dir.resolve("keys.conf");
        EmbeddedLine line = line();
        Files.writeString(keys, "groups.lab { client = lab-a, keys = [ { id = lab-1, expires = \"2026-11-20T10:01:00Z\", "
                + "secret = \"base64:" + Base64.getEncoder().encodeToString(TestKeys.secret(7)) + "\" } ] }");
        // the store re-reads the file on its own schedule; the test does not wait for it
        security.close();
        security = Security.start(AuthConfig.fromRoot(ConfigFactory.parseString(
                "simgate.auth { required = true, keys-file = \"" + keys + "\", clients.lab-a { slots = [0], operations = [info] } }")),
                keyId -> Optional.empty(), clock, Map.<String, String>of()::get);
        line = new EmbeddedLine(new LineInitializer(cards, LineSettings.DEFAULTS, security, connections));
        assertEquals(">AUTH:OK\n@@\n", line.send(labAuth() + "\n").output());

        clock.advanceSeconds(61);

        assertEquals(REFUSED, line.send(">simgate slot 0|\n>1:IMSI|\n\n").output());
        assertFalse(line.channel.isActive());
    }

    @Test
    void withoutAuthenticationAnAuthLineIsAReaderLineAsBefore() {
        EmbeddedLine line = new EmbeddedLine(cards);

        assertEquals(">1:\n@@\n", line.send(">AUTH:x:1:n:AAAA|\n>1:ENUM|\n\n").output());
    }
}
