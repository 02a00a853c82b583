package org.simgate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.simgate.aka.AuthenticationCentre;
import org.simgate.aka.AuthenticationVector;
import org.simgate.aka.Milenage;
import org.simgate.service.Application;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.SlotException;
import org.simgate.transport.Hex;

class SimAuthClientTest {
    static final byte[] K = Hex.decode("465b5ce8b199b49faa5f0a2ee238a6bc");
    static final byte[] OPC = Hex.decode("cd63cb71954a9f4e48a5994e37a02baf");
    private static final byte[] AMF = Hex.decode("8000");

    private final List<String> trace = new ArrayList<>();
    private final SimAuthClient.Trace recorder = new SimAuthClient.Trace() {
        @Override
        public void challenge(AuthenticationVector vector, Application application) {
            trace.add("challenge " + Long.toHexString(vector.sqn()) + " " + application);
        }

        @Override
        public void answer(AuthResult result) {
            trace.add("answer " + result.getClass().getSimpleName());
        }

        @Override
        public void resynchronised(long sqnMs, long nextSqn) {
            trace.add("resync " + Long.toHexString(sqnMs) + " -> " + Long.toHexString(nextSqn));
        }
    };

    private SimAuthClient client(SimulatedUsim card, byte[] opc, long sqn) {
        return new SimAuthClient(card, 0, Application.USIM, new AuthenticationCentre(Milenage.withOpc(K, opc)),
                AMF, sqn, new Random(7), Duration.ofSeconds(5));
    }

    @Test
    void verifiesAFreshChallengeAndStepsSeq() throws Exception {
        SimulatedUsim card = new SimulatedUsim(K, OPC, 0x20);
        SimAuthClient client = client(card, OPC, 0x40);

        SimAuthClient.Outcome first = client.authenticate(recorder);
        SimAuthClient.Outcome second = client.authenticate(recorder);

        SimAuthClient.Outcome.Verified verified = assertInstanceOf(SimAuthClient.Outcome.Verified.class, first);
        assertFalse(verified.resynchronised());
        assertArrayEquals(verified.vector().xres(), verified.answer().res());
        assertInstanceOf(SimAuthClient.Outcome.Verified.class, second);
        assertEquals(0x80, client.sqn());
        assertEquals(List.of("challenge 40 USIM", "answer Success", "challenge 60 USIM", "answer Success"), trace);
        AuthRequest sent = card.requests.get(0);
        assertEquals(Application.USIM, sent.application());
        assertEquals("8000", Hex.lower(sent.autn()).substring(12, 16), "AMF in AUTN");
    }

    @Test
    void resynchronisesOnAutsAndRetriesOnce() throws Exception {
        SimulatedUsim card = new SimulatedUsim(K, OPC, 0x12e5);
        SimAuthClient client = client(card, OPC, 0);

        SimAuthClient.Outcome outcome = client.authenticate(recorder);

        SimAuthClient.Outcome.Verified verified = assertInstanceOf(SimAuthClient.Outcome.Verified.class, outcome);
        assertTrue(verified.resynchronised());
        assertEquals(0x1305, verified.vector().sqn(), "SQN_MS + 32");
        assertEquals(0x1325, client.sqn());
        assertEquals(List.of("challenge 0 USIM", "answer SyncFailure", "resync 12e5 -> 1305",
                "challenge 1305 USIM", "answer Success"), trace);
        assertFalse(java.util.Arrays.equals(card.requests.get(0).rand(), card.requests.get(1).rand()),
                "the retry draws a fresh RAND");
    }

    @Test
    void reportsTheCardsMacFailureAndKeepsSqn() throws Exception {
        SimulatedUsim card = new SimulatedUsim(K, OPC, 0);
        byte[] otherOpc = OPC.clone();
        otherOpc[0] ^= 1;
        SimAuthClient client = client(card, otherOpc, 0x40);

        SimAuthClient.Outcome outcome = client.authenticate(recorder);

        SimAuthClient.Outcome.Refused refused = assertInstanceOf(SimAuthClient.Outcome.Refused.class, outcome);
        assertEquals(0x9862, refused.rejected().statusWord());
        assertEquals(AuthResult.Reason.INCORRECT_MAC, refused.rejected().reason());
        assertEquals(0x40, client.sqn());
    }

    @Test
    void detectsAWrongRes() throws Exception {
        SimulatedUsim card = new SimulatedUsim(K, OPC, 0);
        card.misbehaviour = SimulatedUsim.Misbehaviour.GARBAGE_RES;
        SimAuthClient client = client(card, OPC, 0x40);

        SimAuthClient.Outcome outcome = client.authenticate(recorder);

        SimAuthClient.Outcome.WrongAnswer wrong = assertInstanceOf(SimAuthClient.Outcome.WrongAnswer.class, outcome);
        assertEquals(Set.of(AuthenticationVector.Value.RES), wrong.wrong());
        assertEquals(0x60, client.sqn(), "the card took the SQN anyway");
    }

    @Test
    void detectsAWrongKc() throws Exception {
        SimulatedUsim card = new SimulatedUsim(K, OPC, 0);
        card.misbehaviour = SimulatedUsim.Misbehaviour.WRONG_KC;

        SimAuthClient.Outcome outcome = client(card, OPC, 0x40).authenticate(recorder);

        assertEquals(Set.of(AuthenticationVector.Value.KC),
                assertInstanceOf(SimAuthClient.Outcome.WrongAnswer.class, outcome).wrong());
    }

    @Test
    void refusesAutsWithABadMacS() throws Exception {
        SimulatedUsim card = new SimulatedUsim(K, OPC, 0x12e5);
        card.misbehaviour = SimulatedUsim.Misbehaviour.TAMPERED_AUTS;
        SimAuthClient client = client(card, OPC, 0);

        SimAuthClient.Outcome outcome = client.authenticate(recorder);

        SimAuthClient.Outcome.ResyncFailed failed = assertInstanceOf(SimAuthClient.Outcome.ResyncFailed.class, outcome);
        assertTrue(failed.why().contains("MAC-S"), failed.why());
        assertEquals(0, client.sqn(), "an unverified AUTS moves nothing");
        assertEquals(1, card.requests.size(), "no retry on a bad AUTS");
    }

    @Test
    void givesUpAfterASecondSyncFailure() throws Exception {
        SimulatedUsim card = new SimulatedUsim(K, OPC, 0x12e5);
        card.misbehaviour = SimulatedUsim.Misbehaviour.ALWAYS_SYNC_FAILURE;
        SimAuthClient client = client(card, OPC, 0);

        SimAuthClient.Outcome outcome = client.authenticate(recorder);

        assertInstanceOf(SimAuthClient.Outcome.ResyncFailed.class, outcome);
        assertEquals(2, card.requests.size());
        assertEquals(0x1305, client.sqn());
    }

    @Test
    void passesSlotFailuresOn() {
        SimulatedUsim card = new SimulatedUsim(K, OPC, 0);
        card.failure = new SlotException(SlotException.Kind.NO_CARD, "no card in slot 0");

        SlotException e = assertThrows(SlotException.class, () -> client(card, OPC, 0x40).authenticate(recorder));
        assertEquals(SlotException.Kind.NO_CARD, e.kind());
    }

    @Test
    void timesOutOnASilentSlot() {
        SimulatedUsim silent = new SimulatedUsim(K, OPC, 0) {
            @Override
            public synchronized CompletableFuture<AuthResult> authenticate(int slot, AuthRequest request) {
                return new CompletableFuture<>();
            }
        };
        SimAuthClient client = new SimAuthClient(silent, 0, Application.ISIM, new AuthenticationCentre(Milenage.withOpc(K, OPC)),
                AMF, 0x40, new Random(1), Duration.ofMillis(50));

        SlotException e = assertThrows(SlotException.class, () -> client.authenticate(recorder));
        assertEquals(SlotException.Kind.TIMEOUT, e.kind());
        assertEquals(List.of("challenge 40 ISIM"), trace);
    }

    @Test
    void refusesAnSqnWiderThan48Bits() {
        SimulatedUsim card = new SimulatedUsim(K, OPC, 0);
        assertThrows(IllegalArgumentException.class, () -> client(card, OPC, 1L << 48));
    }
}
