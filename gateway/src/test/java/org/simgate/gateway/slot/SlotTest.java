package org.simgate.gateway.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.simgate.gateway.fakes.UiccDialogue.AUTHENTICATE;
import static org.simgate.gateway.fakes.UiccDialogue.AUTN;
import static org.simgate.gateway.fakes.UiccDialogue.RAND;
import static org.simgate.gateway.fakes.UiccDialogue.authenticateSuccess;
import static org.simgate.gateway.fakes.UiccDialogue.firstAuthentication;
import static org.simgate.gateway.fakes.UiccDialogue.readEfDir;
import static org.simgate.gateway.fakes.UiccDialogue.selectUsim;
import static org.simgate.gateway.slot.SlotExecutorTest.failureOf;
import static org.simgate.gateway.slot.SlotExecutorTest.resultOf;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.simgate.gateway.config.SlotConfig;
import org.simgate.gateway.fakes.ScriptedCard;
import org.simgate.service.Application;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.CardInfo;
import org.simgate.service.SlotDetail;
import org.simgate.service.SlotException.Kind;
import org.simgate.service.SlotStatus;
import org.simgate.service.SlotStatus.State;
import org.simgate.transport.CardTransportException;
import org.simgate.transport.Hex;

/** One slot over a scripted card: connection reuse, card and reader loss, raw APDUs, overruns. */
class SlotTest {
    private final ScriptedCard card = new ScriptedCard();
    private final CountDownLatch release = new CountDownLatch(1);
    private Slot slot;

    @AfterEach
    void stop() {
        release.countDown();
        if (slot != null) {
            slot.close();
        }
        card.assertScriptDone();
    }

    static SlotConfig slotConfig(int id, boolean allowApdu, Duration timeout) {
        return new SlotConfig(id, "test slot " + id, SlotConfig.SIMCARD, allowApdu, 8, timeout, null);
    }

    private Slot slot(boolean allowApdu) {
        return slot(allowApdu, Duration.ofSeconds(30));
    }

    private Slot slot(boolean allowApdu, Duration timeout) {
        slot = new Slot(slotConfig(0, allowApdu, timeout), card);
        return slot;
    }

    static AuthRequest usimRequest() {
        return new AuthRequest(Application.USIM, Hex.decode(RAND), Hex.decode(AUTN));
    }

    private AuthResult.Success authenticateSucceeds() throws Exception {
        return assertInstanceOf(AuthResult.Success.class, resultOf(slot.authenticate(usimRequest())));
    }

    private static List<byte[]> apdus(String... hex) {
        return java.util.Arrays.stream(hex).map(Hex::decode).toList();
    }

    @Test
    void connectsOnceAndKeepsTheCardAndItsSelectionBetweenRequests() throws Exception {
        slot(false);
        firstAuthentication(card);
        authenticateSuccess(card); // the second request: AUTHENTICATE alone

        authenticateSucceeds();
        authenticateSucceeds();

        assertEquals(1, card.connects());
        SlotStatus status = slot.status();
        assertEquals(State.PRESENT, status.state());
        assertEquals(ScriptedCard.ATR, Hex.upper(status.atr()));
        assertNull(status.lastError());
    }

    @Test
    void startConnectsSoTheFirstRequestFindsTheCardReady() throws Exception {
        slot(false);
        firstAuthentication(card);

        assertEquals(ScriptedCard.ATR, Hex.upper(resultOf(slot.start())));
        assertEquals(State.PRESENT, slot.status().state());
        authenticateSucceeds();

        assertEquals(1, card.connects());
    }

    @Test
    void anEmptySlotFailsWithNoCardAndRecoversWhenTheCardIsBack() throws Exception {
        slot(false);
        card.removeCard();

        assertEquals(Kind.NO_CARD, failureOf(slot.authenticate(usimRequest())).kind());
        assertEquals(State.NO_CARD, slot.status().state());
        assertNotNull(slot.status().lastError());

        card.insertCard();
        firstAuthentication(card);
        authenticateSucceeds();
        assertEquals(State.PRESENT, slot.status().state());
    }

    @Test
    void aCardThatCameBackIsPresentEvenWhenItsFirstAnswerIsMalformed() throws Exception {
        slot(false);
        card.removeCard();
        assertEquals(Kind.NO_CARD, failureOf(slot.authenticate(usimRequest())).kind());

        card.insertCard();
        readEfDir(card);
        selectUsim(card);
        card.expect(AUTHENTICATE, "9000");

        // the card gave its ATR and answers APDUs: it is there, whatever it answered
        assertEquals(Kind.CARD_PROTOCOL, failureOf(slot.authenticate(usimRequest())).kind());
        assertEquals(State.PRESENT, slot.status().state());
    }

    @Test
    void aReaderThatIsGoneFailsWithTransportDownAndRecoversWhenItReturns() throws Exception {
        slot(false);
        card.loseTransport();

        assertEquals(Kind.TRANSPORT_DOWN, failureOf(slot.authenticate(usimRequest())).kind());
        assertEquals(State.TRANSPORT_DOWN, slot.status().state());

        card.insertCard();
        firstAuthentication(card);
        authenticateSucceeds();
        assertEquals(State.PRESENT, slot.status().state());
    }

    @Test
    void aCardPulledDuringATransactionClosesTheLinkAndTheNextRequestStartsAfresh() throws Exception {
        slot(false);
        readEfDir(card);
        selectUsim(card);
        card.expect(AUTHENTICATE, () -> {
            throw new CardTransportException.NoCard("card removed");
        });

        assertEquals(Kind.NO_CARD, failureOf(slot.authenticate(usimRequest())).kind());
        assertEquals(State.NO_CARD, slot.status().state());
        assertEquals(1, card.closes());

        firstAuthentication(card); // a new card, perhaps: EF.DIR is read again
        authenticateSucceeds();
        assertEquals(2, card.connects());
    }

    @Test
    void aMalformedAnswerFailsTheRequestAndTheNextOneSelectsAgain() throws Exception {
        slot(false);
        readEfDir(card);
        selectUsim(card);
        card.expect(AUTHENTICATE, "9000");
        selectUsim(card);
        authenticateSuccess(card);

        assertEquals(Kind.CARD_PROTOCOL, failureOf(slot.authenticate(usimRequest())).kind());
        authenticateSucceeds();

        assertEquals(1, card.connects());
    }

    @Test
    void aCardCallThatOverranMakesTheSlotReconnectBeforeItsNextRequest() throws Exception {
        slot(false, Duration.ofMillis(200));
        CountDownLatch stuck = new CountDownLatch(1);
        readEfDir(card);
        selectUsim(card);
        card.expect(AUTHENTICATE, () -> {
            stuck.countDown();
            release.await();
            return Hex.decode("6982");
        });

        org.simgate.service.SlotException late = failureOf(slot.authenticate(usimRequest()));
        assertEquals(Kind.TIMEOUT, late.kind());
        assertEquals("test slot 0: the card did not answer in time", late.getMessage(), "named as users know the slot");
        stuck.await();
        release.countDown(); // the card finally answers; nobody is waiting for it any more

        // the link was in an unknown state: closed, connected again, EF.DIR read again
        firstAuthentication(card);
        authenticateSucceeds();
        assertEquals(2, card.connects());
        assertEquals(1, card.closes());
    }

    @Test
    void infoReadsIccidApplicationsAndImsi() throws Exception {
        slot(false);
        card.expect("00A40804022FE2", "611E")
                .expect("00C000001E", "621C8202412183022FE2A5038001718A01058B032F06028002000A880110" + "9000")
                .expect("00B000000A", "988812010000000010F1" + "9000");
        readEfDir(card);
        selectUsim(card);
        card.expect("00A40004026F07", "611E")
                .expect("00C000001E", "621C8202412183026F07A5038001718A01058B036F060280020009880138" + "9000")
                .expect("00B0000009", "080910100000000010" + "9000");

        CardInfo info = resultOf(slot.info());

        assertEquals("001010000000001", info.imsi());
        assertEquals("8988211000000000011", info.iccid());
        assertEquals(ScriptedCard.ATR, Hex.upper(info.atr()));
        assertEquals(List.of("a000000063504b43532d3135", "USIM", "ISIM"), info.applications());
    }

    /** What reading the identity sends: EF.ICCID, EF.DIR unless known, SELECT ADF.USIM, EF.IMSI. */
    private void expectIdentityRead(boolean efDirKnown) {
        card.expect("00A40804022FE2", "611E")
                .expect("00C000001E", "621C8202412183022FE2A5038001718A01058B032F06028002000A880110" + "9000")
                .expect("00B000000A", "988812010000000010F1" + "9000");
        if (!efDirKnown) {
            readEfDir(card);
        }
        selectUsim(card);
        card.expect("00A40004026F07", "611E")
                .expect("00C000001E", "621C8202412183026F07A5038001718A01058B036F060280020009880138" + "9000")
                .expect("00B0000009", "080910100000000010" + "9000");
    }

    /** Everything queued on the slot's thread before now has run (whether or not a card answers). */
    private void drainQueue() throws Exception {
        slot.transaction(session -> null).handle((result, failure) -> null).get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void theFirstLookAtACardReadsItsIdentityOnceInTheBackground() throws Exception {
        slot(false);
        resultOf(slot.start());
        expectIdentityRead(false);

        assertNull(slot.detail().maskedImsi(), "the read is queued, not done on the caller's thread");
        drainQueue();
        SlotDetail read = slot.detail();
        assertEquals("00101********01", read.maskedImsi());
        assertEquals("898821***********11", read.maskedIccid());
        slot.detail();
        drainQueue();
        assertEquals(read.lastReadMillis(), slot.detail().lastReadMillis(), "read once: no more APDUs (the script has none)");
    }

    @Test
    void theAdminApisFirstLookWaitsForTheRead() throws Exception {
        slot(false);
        resultOf(slot.start());
        expectIdentityRead(false);

        SlotDetail first = resultOf(slot.identifiedDetail());
        assertEquals("00101********01", first.maskedImsi());
        assertEquals(State.PRESENT, first.status().state());
        assertEquals(first.lastReadMillis(), resultOf(slot.identifiedDetail()).lastReadMillis(), "and reads it once");
    }

    @Test
    void aCardThatArrivesIsReadAgainWhileAnEmptyOrDrainedSlotIsNot() throws Exception {
        slot(false);
        card.removeCard();
        assertEquals(Kind.NO_CARD, failureOf(slot.authenticate(usimRequest())).kind());
        assertNull(slot.detail().maskedImsi());
        drainQueue(); // nothing for the card: the script is empty

        card.insertCard();
        firstAuthentication(card);
        authenticateSucceeds();
        slot.drain();
        assertNull(slot.detail().maskedImsi());
        slot.undrain();
        drainQueue(); // still nothing read while drained

        expectIdentityRead(true);
        slot.detail();
        drainQueue();
        assertEquals("00101********01", slot.detail().maskedImsi());
    }

    @Test
    void resetPowersTheCardUpAgainAndForgetsWhatItKnew() throws Exception {
        slot(false);
        firstAuthentication(card);
        firstAuthentication(card);

        authenticateSucceeds();
        assertEquals(ScriptedCard.ATR, Hex.upper(resultOf(slot.reset())));
        authenticateSucceeds();

        assertEquals(2, card.connects());
        assertEquals(1, card.closes());
    }

    // --- out of service (drain) ---

    @Test
    void aDrainedSlotFinishesWhatIsQueuedRefusesNewClientWorkAndStillResetsForOperators() throws Exception {
        slot(false);
        firstAuthentication(card);
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<Object> held = slot.transaction(session -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        running.await();
        CompletableFuture<AuthResult> queued = slot.authenticate(usimRequest());

        slot.drain();
        assertEquals(State.OUT_OF_SERVICE, slot.status().state());
        assertEquals(Kind.OUT_OF_SERVICE, failureOf(slot.authenticate(usimRequest())).kind());
        assertEquals(Kind.OUT_OF_SERVICE, failureOf(slot.info()).kind());
        assertEquals(Kind.OUT_OF_SERVICE, failureOf(slot.reset()).kind());

        release.countDown();
        resultOf(held);
        assertInstanceOf(AuthResult.Success.class, resultOf(queued));
        assertEquals(ScriptedCard.ATR, Hex.upper(resultOf(slot.resetCard())));
        assertEquals(State.OUT_OF_SERVICE, slot.status().state(), "a reset does not put the slot back");

        slot.undrain();
        assertEquals(State.PRESENT, slot.status().state());
        firstAuthentication(card);
        authenticateSucceeds();
    }

    // --- raw APDUs ---

    @Test
    void rawApdusAreRefusedWhenTheSlotDoesNotAllowThem() {
        slot(false);

        CompletableFuture<List<byte[]>> answer = slot.transmit(apdus("00A40804022FE2"));

        assertEquals(Kind.FORBIDDEN, failureOf(answer).kind());
        assertEquals(0, card.connects());
    }

    @Test
    void rawApdusReachTheCardUnchangedAndItsAnswersComeBackUnchanged() throws Exception {
        slot(true);
        // 61xx and 6Cxx are the client's to handle: no GET RESPONSE, no retry with Le
        card.expect("00A40804022FE2", "611E")
                .expect("00C000001E", "621C8202412183022FE2A5038001718A01058B032F06028002000A880110" + "9000")
                .expect("00B0000000", "6C0A")
                .expect("01B000000A", "988812010000000010F1" + "9000"); // logical channel 1: CLA kept

        List<byte[]> answers = resultOf(slot.transmit(apdus("00A40804022FE2", "00C000001E", "00B0000000", "01B000000A")));

        assertEquals(List.of("611E", "621C8202412183022FE2A5038001718A01058B032F06028002000A8801109000", "6C0A",
                "988812010000000010F19000"), answers.stream().map(Hex::upper).toList());
    }

    @Test
    void anApduShorterThanItsHeaderIsABadRequestThatNeverReachesTheCard() {
        slot(true);

        assertEquals(Kind.BAD_REQUEST, failureOf(slot.transmit(apdus("00A404"))).kind());
        assertEquals(Kind.BAD_REQUEST, failureOf(slot.transmit(apdus("00B0000009", "00"))).kind());
        assertEquals(Kind.BAD_REQUEST, failureOf(slot.transmit(List.of(new byte[262]))).kind());
        assertEquals(0, card.connects());
    }

    @Test
    void afterRawApdusTheNextAuthenticationSelectsTheUsimAgain() throws Exception {
        slot(true);
        firstAuthentication(card);
        card.expect("00A4000C023F00", "9000"); // the client selects the MF
        selectUsim(card);
        authenticateSuccess(card);

        authenticateSucceeds();
        resultOf(slot.transmit(apdus("00A4000C023F00")));
        authenticateSucceeds();
    }
}
