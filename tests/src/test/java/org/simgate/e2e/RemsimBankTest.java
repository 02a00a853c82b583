package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.Callable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AuthenticationVector;
import org.simgate.protocol.remsim.RemsimBankFront;
import org.simgate.rspro.BankSlot;
import org.simgate.rspro.ClientSlot;
import org.simgate.rspro.IpPort;
import org.simgate.rspro.ResultCode;
import org.simgate.rspro.RsproMessage.ConfigClientBankReq;
import org.simgate.rspro.RsproMessage.ConnectBankReq;
import org.simgate.rspro.RsproMessage.ConnectBankRes;
import org.simgate.rspro.RsproMessage.ConnectClientReq;
import org.simgate.rspro.RsproMessage.ConnectClientRes;
import org.simgate.rspro.RsproMessage.SetAtrReq;
import org.simgate.rspro.RsproMessage.TpduCardToModem;
import org.simgate.rspro.RsproMessage.TpduModemToCard;
import org.simgate.rspro.TpduFlags;
import org.simgate.rspro.ipa.KeepaliveTimers;
import org.simgate.simulator.remsim.RemsimServer;

/**
 * simgate as an osmo-remsim bank, from the outside over real TCP: the in-repo RSPRO server
 * ({@link RemsimServer}) maps its slots, and a remsim client made of raw frames ({@link RsproTestPeer})
 * uses the card through it.
 */
class RemsimBankTest {
    private static final Duration STATE = Duration.ofSeconds(60);
    private static final ClientSlot CLIENT = new ClientSlot(7, 0);
    private static final BankSlot BANK = new BankSlot(1, 0);
    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private RemsimServer server;
    private RunningGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aClientRunsAkaThroughTheBankAndGetsMilenagesAnswer() throws Exception {
        startServerAndBank("");
        map(BANK, CLIENT);

        try (RsproTestPeer toServer = RsproTestPeer.connect(server.rsproPort())) {
            toServer.send(new ConnectClientReq(RsproTestPeer.CLIENT, CLIENT));
            assertEquals(ResultCode.OK, toServer.expect(ConnectClientRes.class).result());
            ConfigClientBankReq config = toServer.expect(ConfigClientBankReq.class);
            assertEquals(BANK, config.bankSlot());
            assertEquals(new IpPort(InetAddress.getByName("127.0.0.1"), bankPort()), config.bankd(),
                    "the bank's address as the server saw it, and the bank's port");

            try (RsproTestPeer toBank = RsproTestPeer.connect(config.bankd().port())) {
                toBank.send(new ConnectClientReq(RsproTestPeer.CLIENT, CLIENT));
                assertEquals(ResultCode.OK, toBank.expect(ConnectClientRes.class).result());
                SetAtrReq atr = toBank.expect(SetAtrReq.class);
                assertEquals(CLIENT, atr.slot());
                assertEquals(TestCard.ATR, HEX.formatHex(atr.atr()));

                // T=0 as a modem speaks it: the card's 61xx comes back as it is, the client asks GET RESPONSE
                byte[] selected = tpdu(toBank, "00a4040407a0000000871002");
                assertEquals(2, selected.length);
                assertEquals(0x61, selected[0] & 0xFF, "SELECT ADF.USIM answered with the card's own procedure bytes");
                byte[] fcp = tpdu(toBank, "00c00000" + String.format("%02x", selected[1] & 0xFF));
                assertEquals("9000", HEX.formatHex(Arrays.copyOfRange(fcp, fcp.length - 2, fcp.length)));

                AuthenticationVector vector = TestCard.SET_1.challenge(TestCard.sqn(1, 1));
                byte[] authenticate = HEX.parseHex("0088008122" + "10" + HEX.formatHex(vector.rand()) + "10"
                        + HEX.formatHex(vector.autn()));
                byte[] pending = tpdu(toBank, HEX.formatHex(authenticate));
                assertEquals(0x61, pending[0] & 0xFF, "AUTHENTICATE leaves its answer for GET RESPONSE");
                byte[] answer = tpdu(toBank, "00c00000" + String.format("%02x", pending[1] & 0xFF));
                // DB | len RES | RES | len CK | CK | len IK | IK | len Kc | Kc | 90 00
                assertEquals(0xDB, answer[0] & 0xFF);
                int at = 1;
                byte[] res = Arrays.copyOfRange(answer, at + 1, at + 1 + answer[at]);
                at += 1 + answer[at];
                byte[] ck = Arrays.copyOfRange(answer, at + 1, at + 1 + answer[at]);
                at += 1 + answer[at];
                byte[] ik = Arrays.copyOfRange(answer, at + 1, at + 1 + answer[at]);
                at += 1 + answer[at];
                byte[] kc = Arrays.copyOfRange(answer, at + 1, at + 1 + answer[at]);
                assertTrue(vector.mismatches(res, ck, ik, kc).isEmpty(),
                        "RES, CK, IK, Kc differ from Milenage's: " + vector.mismatches(res, ck, ik, kc));
                assertEquals("9000", HEX.formatHex(Arrays.copyOfRange(answer, answer.length - 2, answer.length)));
            }
        }
    }

    @Test
    void aDeletedMappingTakesTheCardFromTheClient() throws Exception {
        startServerAndBank("");
        map(BANK, CLIENT);
        try (RsproTestPeer toServer = RsproTestPeer.connect(server.rsproPort());
             RsproTestPeer toBank = connectedClient(toServer)) {
            assertEquals(0x61, tpdu(toBank, "00a40004023f00")[0] & 0xFF, "the client has the card");
            assertEquals(200, delete("/slotmaps/" + (1 << 16)));
            assertTrue(toBank.hangsUpWithin(STATE), "the bank hung up on the unmapped client");
            ConfigClientBankReq unset = toServer.expect(ConfigClientBankReq.class);
            assertTrue(unset.bankd().isUnset(), "the server told the client it has no bank: " + unset);
            awaitTrue(() -> get("/slotmaps").path("slotmaps").isEmpty(), "the slotmap is gone");

            // and the bank does not give it the card again
            try (RsproTestPeer again = RsproTestPeer.connect(bankPort())) {
                again.send(new ConnectClientReq(RsproTestPeer.CLIENT, CLIENT));
                assertEquals(ResultCode.CARD_NOT_PRESENT, again.expect(ConnectClientRes.class).result());
            }
        }
    }

    @Test
    void aClientMappedLaterGetsTheCardThen() throws Exception {
        startServerAndBank("");
        try (RsproTestPeer toBank = RsproTestPeer.connect(bankPort())) {
            toBank.send(new ConnectClientReq(RsproTestPeer.CLIENT, CLIENT));
            assertEquals(ResultCode.CARD_NOT_PRESENT, toBank.expect(ConnectClientRes.class).result());
            map(BANK, CLIENT);
            assertEquals(TestCard.ATR, HEX.formatHex(toBank.expect(SetAtrReq.class).atr()));
            byte[] answer = tpdu(toBank, "00a40004023f00");
            assertEquals(0x61, answer[0] & 0xFF);
        }
    }

    @Test
    void aSecondBankWithTheSameIdIsRefusedAndSimgatesBankRegistersOnceTheIdIsFree() throws Exception {
        server = RemsimServer.start(RemsimServer.Settings.forTests(0, KeepaliveTimers.OSMO_REMSIM));
        try (RsproTestPeer first = RsproTestPeer.connect(server.rsproPort())) {
            first.send(new ConnectBankReq(RsproTestPeer.BANK, 1, 1));
            assertEquals(ResultCode.OK, first.expect(ConnectBankRes.class).result());

            try (RsproTestPeer second = RsproTestPeer.connect(server.rsproPort())) {
                second.send(new ConnectBankReq(RsproTestPeer.BANK, 1, 1));
                assertEquals(ResultCode.IDENTITY_IN_USE, second.expect(ConnectBankRes.class).result());
                assertTrue(second.hangsUpWithin(STATE), "the duplicate is dropped");
            }

            startBank("");
            // simgate's bank is refused too while the first holds the id: the server lists only the first
            Thread.sleep(1500);
            assertEquals("remsim-bankd", bankSoftware());
        }
        awaitTrue(() -> "simgate".equals(bankSoftware()), "simgate's bank registers once the id is free");
    }

    @Test
    void theBankComesBackAfterAServerRestart() throws Exception {
        startServerAndBank("");
        int rsproPort = server.rsproPort();
        server.close();
        server = null;
        server = RemsimServer.start(RemsimServer.Settings.forTests(bankPort(), KeepaliveTimers.OSMO_REMSIM)
                .withRsproPort(rsproPort));
        awaitTrue(() -> "simgate".equals(bankSoftware()), "the bank registers with the restarted server");
        map(BANK, CLIENT);
        try (RsproTestPeer toServer = RsproTestPeer.connect(server.rsproPort());
             RsproTestPeer toBank = connectedClient(toServer)) {
            assertEquals(0x61, tpdu(toBank, "00a40004023f00")[0] & 0xFF);
        }
    }

    @Test
    void aSilentClientIsDroppedAfterThePongTimeout() throws Exception {
        startServerAndBank("ping-interval = 1s\npong-timeout = 2s");
        try (RsproTestPeer silent = RsproTestPeer.connect(bankPort()).silent();
             RsproTestPeer alive = RsproTestPeer.connect(bankPort())) {
            silent.send(new ConnectClientReq(RsproTestPeer.CLIENT, CLIENT));
            alive.send(new ConnectClientReq(RsproTestPeer.CLIENT, new ClientSlot(8, 0)));
            // the answering client first: it must answer while the silent one waits out its timeout
            assertFalse(alive.hangsUpWithin(Duration.ofSeconds(6)), "a client that answers stays");
            assertTrue(alive.pingsSeen() >= 3, "a PING every second: " + alive.pingsSeen());
            assertTrue(silent.hangsUpWithin(STATE), "the bank drops a client that answers no PING");
            assertTrue(silent.pingsSeen() >= 1);
        }
    }

    @Test
    void theServerDropsASilentBank() throws Exception {
        server = RemsimServer.start(RemsimServer.Settings.forTests(0,
                new KeepaliveTimers(Duration.ofSeconds(1), Duration.ofSeconds(2))));
        try (RsproTestPeer bank = RsproTestPeer.connect(server.rsproPort()).silent()) {
            bank.send(new ConnectBankReq(RsproTestPeer.BANK, 3, 1));
            assertEquals(ResultCode.OK, bank.expect(ConnectBankRes.class).result());
            assertTrue(bank.hangsUpWithin(STATE));
            awaitTrue(() -> get("/banks").path("banks").isEmpty(), "the server forgot the bank");
        }
    }

    @Test
    void theBanksStateShowsAlikeInTheSlotsListTheAdminApiAndTheMetrics() throws Exception {
        startServerAndBank("");
        String server = "127.0.0.1:" + this.server.rsproPort();

        // before a mapping: the server link up, slot 0 lent as bank 1 slot 0 to nobody
        awaitTrue(() -> "connected".equals(serverLink().path("state").asText()), "the server link shows up");
        JsonNode link = serverLink();
        assertEquals(server, link.path("peer").asText(), link.toString());
        assertEquals("bank 1", link.path("as").asText());
        assertEquals(0, link.path("reconnects").asInt());
        assertTrue(link.path("problem").isNull());
        assertTrue(Instant.parse(link.path("since").asText()).isBefore(Instant.now().plusSeconds(1)));
        assertEquals(link, management("/admin/v1/links").json().path("links").get(0), "the admin API says the same");
        JsonNode lent = lentSlot0();
        assertEquals("remsim-bankd", lent.path("front").asText(), lent.toString());
        assertEquals("bank 1 slot 0", lent.path("as").asText());
        assertTrue(lent.path("borrower").isNull());
        assertFalse(lent.path("connected").asBoolean());
        assertTrue(lent.path("peer").isNull());
        assertEquals(0, lent.path("commands").asLong());
        assertEquals(lent, adminLentSlot0(), "the admin API says the same");
        String metrics = management("/metrics").body();
        assertEquals(1.0, metric(metrics, "simgate_front_link_state", "front=\"remsim-bankd\"", "link=\"server\"",
                "state=\"connected\""), metrics);
        assertEquals(0.0, metric(metrics, "simgate_front_link_state", "link=\"server\"", "state=\"refused\""));
        assertEquals(0.0, metric(metrics, "simgate_slot_lent_connected", "front=\"remsim-bankd\"", "slot=\"0\""));
        assertEquals(0.0, metric(metrics, "simgate_slot_lent_commands_total", "front=\"remsim-bankd\"", "slot=\"0\""));

        // mapped, the client connected with the card, two TPDUs
        map(BANK, CLIENT);
        try (RsproTestPeer toServer = RsproTestPeer.connect(this.server.rsproPort());
             RsproTestPeer toBank = connectedClient(toServer)) {
            tpdu(toBank, "00a40004023f00");
            tpdu(toBank, "00a40004023f00");
            lent = lentSlot0();
            assertEquals("client 7:0", lent.path("borrower").asText(), lent.toString());
            assertTrue(lent.path("connected").asBoolean());
            assertEquals("127.0.0.1:" + toBank.localPort(), lent.path("peer").asText());
            assertEquals(2, lent.path("commands").asLong());
            assertEquals(lent, adminLentSlot0());
            metrics = management("/metrics").body();
            assertEquals(1.0, metric(metrics, "simgate_slot_lent_connected", "slot=\"0\""), metrics);
            assertEquals(2.0, metric(metrics, "simgate_slot_lent_commands_total", "slot=\"0\""), metrics);

            // a DELETE takes the card: nobody is mapped, nobody connected
            assertEquals(200, delete("/slotmaps/" + (1 << 16)));
            assertTrue(toBank.hangsUpWithin(STATE));
            awaitTrue(() -> lentSlot0().path("borrower").isNull(), "the mapping is gone from the slot");
            lent = lentSlot0();
            assertFalse(lent.path("connected").asBoolean(), lent.toString());
            assertTrue(lent.path("peer").isNull());
            assertEquals(2, lent.path("commands").asLong(), "what was served stays counted");
            assertEquals(lent, adminLentSlot0());
            metrics = management("/metrics").body();
            assertEquals(0.0, metric(metrics, "simgate_slot_lent_connected", "slot=\"0\""), metrics);
        }
    }

    @Test
    void aRefusedBankShowsRefusedWithTheResultCode() throws Exception {
        server = RemsimServer.start(RemsimServer.Settings.forTests(0, KeepaliveTimers.OSMO_REMSIM));
        ch.qos.logback.classic.Logger linkLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                "org.simgate.protocol.remsim.ServerLink");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        linkLog.addAppender(logged);
        try (RsproTestPeer first = RsproTestPeer.connect(server.rsproPort())) {
            first.send(new ConnectBankReq(RsproTestPeer.BANK, 1, 1));
            assertEquals(ResultCode.OK, first.expect(ConnectBankRes.class).result());
            startBank("");
            awaitTrue(() -> "refused".equals(serverLink().path("state").asText()), "the refusal shows");
            JsonNode link = serverLink();
            assertEquals("identityInUse: another bank with this bank-id is connected", link.path("problem").asText(),
                    link.toString());
            String metrics = management("/metrics").body();
            assertEquals(1.0, metric(metrics, "simgate_front_link_state", "link=\"server\"", "state=\"refused\""),
                    metrics);
            assertEquals(0.0, metric(metrics, "simgate_front_link_state", "link=\"server\"", "state=\"connected\""));

            // refused again at each retry (1 s, 2 s, ...): a bank left so for months writes one ERROR, not one a retry
            awaitTrue(() -> serverLink().path("reconnects").asInt() >= 2
                    && "refused".equals(serverLink().path("state").asText()), "refused again after retrying");
            long errors = logged.list.stream().filter(e -> e.getLevel() == Level.ERROR).count();
            assertEquals(1, errors, logged.list.toString());
        } finally {
            linkLog.detachAppender(logged);
        }
        awaitTrue(() -> "connected".equals(serverLink().path("state").asText()), "registered once the id is free");
        assertTrue(serverLink().path("reconnects").asInt() >= 1, serverLink().toString());
        assertTrue(serverLink().path("problem").isNull());
    }

    // ---------------------------------------------------------------- helpers

    /** The bank's server link in {@code /api/v1/slots}. */
    private JsonNode serverLink() throws IOException {
        JsonNode links = restSlots().path("links");
        assertEquals(1, links.size(), links.toString());
        return links.get(0);
    }

    private JsonNode restSlots() throws IOException {
        return JSON.readTree(gateway.client().get(gateway.http("/api/v1/slots")).body());
    }

    /** Slot 0's {@code "lent"} entry in {@code /api/v1/slots}. */
    private JsonNode lentSlot0() throws IOException {
        for (JsonNode slot : restSlots().path("slots")) {
            if (slot.path("id").asInt() == 0) {
                assertEquals(1, slot.path("lent").size(), slot.toString());
                return slot.path("lent").get(0);
            }
        }
        throw new AssertionError("no slot 0");
    }

    private JsonNode adminLentSlot0() {
        JsonNode slot = management("/admin/v1/slots/0").json();
        assertEquals(slot.path("lent"), management("/admin/v1/slots").json().path("slots").get(0).path("lent"));
        return slot.path("lent").get(0);
    }

    private Http.Response management(String path) {
        return gateway.client().get(URI.create("http://127.0.0.1:" + gateway.gateway().managementAddress().getPort()
                + path));
    }

    /** The value of the one sample of {@code name} whose labels include every one of {@code labels}. */
    private static double metric(String scrape, String name, String... labels) {
        Double found = null;
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + "{") && Arrays.stream(labels).allMatch(line::contains)) {
                assertEquals(null, found, "one sample of " + name + " " + Arrays.toString(labels));
                found = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        if (found == null) {
            throw new AssertionError("no " + name + " " + Arrays.toString(labels) + " in\n" + scrape);
        }
        return found;
    }

    private void startServerAndBank(String bankSettings) throws Exception {
        server = RemsimServer.start(RemsimServer.Settings.forTests(0, KeepaliveTimers.OSMO_REMSIM));
        startBank(bankSettings);
        awaitTrue(() -> "simgate".equals(bankSoftware()), "simgate's bank registers with the server");
    }

    private void startBank(String bankSettings) throws IOException {
        gateway = RunningGateway.start(dir, RunningGateway.slots(TestCard.SET_1.inSlot(0, "allow-apdu = true", ""))
                + "simgate.remsim.bankd {\n enabled = true\n server = \"127.0.0.1:" + server.rsproPort() + "\"\n"
                + " bank-id = 1\n port = 0\n slots = [0]\n" + bankSettings + "\n}\n");
        server.tellClientsBankPort(bankPort());
    }

    /** Maps the slots and waits until the bank confirmed the mapping. */
    private void map(BankSlot bank, ClientSlot client) throws Exception {
        assertEquals(201, post("/slotmaps", slotmap(bank, client)));
        awaitTrue(() -> {
            for (JsonNode map : get("/slotmaps").path("slotmaps")) {
                if (map.path("bank").path("bankId").asInt() == bank.bankId()
                        && map.path("bank").path("slotNr").asInt() == bank.slotNr()) {
                    return "ACTIVE".equals(map.path("state").asText());
                }
            }
            return false;
        }, "the bank confirmed the mapping");
    }

    private int bankPort() {
        return gateway.gateway().addresses().stream().filter(bound -> bound.name().equals(RemsimBankFront.NAME))
                .map(bound -> ((java.net.InetSocketAddress) bound.address()).getPort()).findFirst().orElseThrow();
    }

    /** Connects to the server as {@link #CLIENT}, follows ConfigClientBank to the bank, takes the card. */
    private RsproTestPeer connectedClient(RsproTestPeer toServer) throws IOException {
        toServer.send(new ConnectClientReq(RsproTestPeer.CLIENT, CLIENT));
        assertEquals(ResultCode.OK, toServer.expect(ConnectClientRes.class).result());
        ConfigClientBankReq config = toServer.expect(ConfigClientBankReq.class);
        RsproTestPeer toBank = RsproTestPeer.connect(config.bankd().port());
        toBank.send(new ConnectClientReq(RsproTestPeer.CLIENT, CLIENT));
        assertEquals(ResultCode.OK, toBank.expect(ConnectClientRes.class).result());
        toBank.expect(SetAtrReq.class);
        return toBank;
    }

    private static byte[] tpdu(RsproTestPeer toBank, String hex) throws IOException {
        toBank.send(new TpduModemToCard(CLIENT, BANK, TpduFlags.NONE, HEX.parseHex(hex)));
        TpduCardToModem answer = toBank.expect(TpduCardToModem.class);
        assertEquals(BANK, answer.fromBankSlot());
        assertEquals(CLIENT, answer.toClientSlot());
        return answer.data();
    }

    private String bankSoftware() throws Exception {
        for (JsonNode bank : get("/banks").path("banks")) {
            if (bank.path("bankId").asInt() == 1) {
                return bank.path("component_id").path("software").asText();
            }
        }
        return null;
    }

    private static String slotmap(BankSlot bank, ClientSlot client) {
        return "{\"bank\":{\"bankId\":" + bank.bankId() + ",\"slotNr\":" + bank.slotNr() + "},\"client\":{\"clientId\":"
                + client.clientId() + ",\"slotNr\":" + client.slotNr() + "}}";
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.restBase() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path);
        return JSON.readTree(response.body());
    }

    private int post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.restBase() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int delete(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.restBase() + path)).DELETE().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void awaitTrue(Callable<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + STATE.toNanos();
        while (!Boolean.TRUE.equals(condition.call())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + STATE.toSeconds() + " s: " + what);
            }
            Thread.sleep(50);
        }
    }
}
