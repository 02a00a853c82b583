package org.simgate.e2e.security.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.e2e.security.keys.KeyedClients.Events;
import org.simgate.e2e.security.keys.KeyedClients.Line;
import org.simgate.e2e.security.keys.KeyedClients.Vpcd;
import org.simgate.e2e.security.line.AuthGateway;
import org.simgate.security.keys.KeyRing;
import org.simgate.transport.simcard.SimcardTransport;

/**
 * A shared key that leaves the key file — removed, its group removed, its secret or client
 * changed — or expires ends the connections it opened at once: line-protocol connections, vpcd
 * relay peers and dashboard event streams, none of which has to send another request for it. A
 * key that stays as it was keeps its connections, whatever else the file changed. Real sockets;
 * the key file is polled every 100 ms; "nothing more reached a card" is read from the slot
 * operation counters.
 */
class SharedKeyEndE2ETest {
    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    static final String IMSI_0 = ">1:001010000000001\n@@\n";
    static final String OK = ">AUTH:OK\n@@\n";
    /** A listening relay on slot 0; client ops may also use the admin API (the dashboard). */
    static final String SETTINGS = """
            simgate.vpcd-relay = [ { slot = 0, listen = "127.0.0.1:0" } ]
            simgate.auth.clients.ops.operations = [info, apdu, admin]
            """;

    @TempDir
    Path dir;
    AuthGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    AuthGateway start(String keyFile) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("keys.conf"), keyFile);
        gateway = AuthGateway.start(dir, NOW, SETTINGS);
        return gateway;
    }

    static String keys(String... groups) {
        return "groups {\n" + String.join("", groups) + "}\n";
    }

    static final String LAB = AuthGateway.group("lab", "lab-a", AuthGateway.key("lab-1", AuthGateway.LAB));
    static final String OPS = AuthGateway.group("ops", "ops", AuthGateway.key("ops-1", AuthGateway.OPS));
    static final String RELAY = AuthGateway.group("relay", "relay-a", AuthGateway.key("relay-1", AuthGateway.RELAY));

    KeyRing ring() {
        return gateway.gateway().security().sharedKeys();
    }

    Line line(String keyId, int fill) throws Exception {
        Line line = new Line(gateway.gateway().lineAddress());
        assertEquals(OK, line.ask(gateway.authLine(keyId, fill) + "\n"));
        return line;
    }

    Vpcd relayPeer() throws Exception {
        Vpcd vpcd = new Vpcd(gateway.gateway().vpcdListeners().get(0));
        vpcd.send(gateway.authLine("relay-1", AuthGateway.RELAY).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        vpcd.send(Vpcd.GET_ATR);
        assertArrayEquals(SimcardTransport.atr(), vpcd.receive());
        return vpcd;
    }

    Events events(String keyId, int fill) throws Exception {
        Events events = new Events(gateway.gateway().managementAddress(),
                Events.signature(gateway.gateway().managementAddress(), keyId, fill, gateway.clock()));
        assertEquals("HTTP/1.1 200", events.status());
        assertTrue(events.nextEvent(), "the first snapshot");
        return events;
    }

    @Test
    void aLineConnectionOnARemovedKeyIsClosedAtOnceAndNothingMoreReachesACard() throws Exception {
        start(keys(LAB, OPS, RELAY));
        try (Line lab = line("lab-1", AuthGateway.LAB)) {
            assertEquals(IMSI_0, lab.imsi(0));
            assertEquals(1, gateway.operationsSettled("line", 1));

            KeyedClients.rewrite(gateway.keysFile(), keys(
                    AuthGateway.group("lab", "lab-a", AuthGateway.key("lab-2", 7)), OPS, RELAY));

            assertTrue(lab.closedByServer(), "closed without a further request");
            lab.sendIgnoringErrors(">simgate slot 0|\n>1:IMSI|\n\n");
        }
        assertEquals(1, gateway.operationsSettled("line", 1));
    }

    @Test
    void removingTheGroupClosesItsKeysConnections() throws Exception {
        start(keys(LAB, OPS, RELAY));
        try (Line lab = line("lab-1", AuthGateway.LAB)) {
            KeyedClients.rewrite(gateway.keysFile(), keys(OPS, RELAY));
            assertTrue(lab.closedByServer());
        }
    }

    @Test
    void aKeyWithANewSecretIsAnotherKey() throws Exception {
        start(keys(LAB, OPS, RELAY));
        try (Line lab = line("lab-1", AuthGateway.LAB)) {
            assertEquals(IMSI_0, lab.imsi(0));

            KeyedClients.rewrite(gateway.keysFile(), keys(
                    AuthGateway.group("lab", "lab-a", AuthGateway.key("lab-1", 9)), OPS, RELAY));

            assertTrue(lab.closedByServer(), "the old secret's connection ends");
        }
        try (Line again = line("lab-1", 9)) {
            assertEquals(IMSI_0, again.imsi(0), "the new secret opens a new one");
        }
    }

    @Test
    void aListeningRelayOnARemovedKeyHangsUp() throws Exception {
        start(keys(LAB, OPS, RELAY));
        try (Vpcd vpcd = relayPeer()) {
            assertEquals(1, gateway.operationsSettled("vpcd", 1));

            KeyedClients.rewrite(gateway.keysFile(), keys(LAB, OPS));

            assertTrue(vpcd.closedByServer(), "vpcd sees the card removed");
            try {
                vpcd.send(Vpcd.GET_ATR);
            } catch (java.io.IOException e) {
                // closed: nothing was sent
            }
        }
        assertEquals(1, gateway.operationsSettled("vpcd", 1));
    }

    @Test
    void aDashboardStreamClosesWhenItsKeyActsForAnotherClient() throws Exception {
        start(keys(LAB, OPS, RELAY));
        try (Events events = events("ops-1", AuthGateway.OPS)) {
            KeyedClients.rewrite(gateway.keysFile(), keys(LAB,
                    AuthGateway.group("ops", "lab-a", AuthGateway.key("ops-1", AuthGateway.OPS)), RELAY));

            assertTrue(events.closedByServer(), "the stream the key opened was closed");
        }
    }

    @Test
    void aReloadTouchesOnlyTheConnectionsOfTheKeysItEnds() throws Exception {
        start(keys(LAB, OPS, RELAY));
        try (Line lab = line("lab-1", AuthGateway.LAB);
             Line ops = line("ops-1", AuthGateway.OPS);
             Vpcd vpcd = relayPeer();
             Events events = events("ops-1", AuthGateway.OPS)) {
            // a key added, then another key's secret changed: nobody's connection
            KeyedClients.rewrite(gateway.keysFile(), keys(AuthGateway.group("lab", "lab-a",
                    AuthGateway.key("lab-1", AuthGateway.LAB), AuthGateway.key("lab-2", 7)), OPS, RELAY));
            KeyedClients.await("lab-2 added", () -> ring().find("lab-2").isPresent());
            KeyedClients.rewrite(gateway.keysFile(), keys(AuthGateway.group("lab", "lab-a",
                    AuthGateway.key("lab-1", AuthGateway.LAB), AuthGateway.key("lab-2", 8)), OPS, RELAY));
            KeyedClients.await("lab-2 changed", () -> ring().find("lab-2").orElseThrow().secret()[0] == 8);
            assertEquals(IMSI_0, lab.imsi(0), "lab-1 is as it was");

            // then lab-1 removed: its connection only
            KeyedClients.rewrite(gateway.keysFile(), keys(AuthGateway.group("lab", "lab-a",
                    AuthGateway.key("lab-2", 8)), OPS, RELAY));
            assertTrue(lab.closedByServer());

            assertEquals(">1:001010000000002\n@@\n", ops.imsi(1), "ops-1's line connection goes on");
            vpcd.send(Vpcd.GET_ATR);
            assertArrayEquals(SimcardTransport.atr(), vpcd.receive(), "relay-1's peer goes on");
            assertTrue(events.stillOpen(), "ops-1's event stream goes on");
        }
    }

    @Test
    void aKeyThatExpiresClosesItsConnectionsAtItsExpiry() throws Exception {
        start(keys(AuthGateway.group("lab", "lab-a",
                AuthGateway.key("lab-1", AuthGateway.LAB, "expires = \"2026-11-20T10:01:00Z\"")), OPS, RELAY));
        try (Line lab = line("lab-1", AuthGateway.LAB); Line ops = line("ops-1", AuthGateway.OPS)) {
            assertEquals(IMSI_0, lab.imsi(0));

            gateway.clock().set(Instant.parse("2026-11-20T10:01:00Z"));

            assertTrue(lab.closedByServer(), "closed at the first poll after the expiry, without a request");
            assertEquals(">1:001010000000002\n@@\n", ops.imsi(1));
        }
    }
}
