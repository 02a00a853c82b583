package org.simgate.gateway.usim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.simgate.gateway.fakes.UiccDialogue.AUTHENTICATE;
import static org.simgate.gateway.fakes.UiccDialogue.AUTH_SUCCESS;
import static org.simgate.gateway.fakes.UiccDialogue.AUTN;
import static org.simgate.gateway.fakes.UiccDialogue.AUTS;
import static org.simgate.gateway.fakes.UiccDialogue.CK;
import static org.simgate.gateway.fakes.UiccDialogue.EF_DIR_FCP;
import static org.simgate.gateway.fakes.UiccDialogue.EF_DIR_RECORD_1;
import static org.simgate.gateway.fakes.UiccDialogue.EF_DIR_RECORD_2;
import static org.simgate.gateway.fakes.UiccDialogue.EF_DIR_RECORD_3;
import static org.simgate.gateway.fakes.UiccDialogue.IK;
import static org.simgate.gateway.fakes.UiccDialogue.ISIM_AID;
import static org.simgate.gateway.fakes.UiccDialogue.KC;
import static org.simgate.gateway.fakes.UiccDialogue.RAND;
import static org.simgate.gateway.fakes.UiccDialogue.RES;
import static org.simgate.gateway.fakes.UiccDialogue.SELECT_EF_DIR;
import static org.simgate.gateway.fakes.UiccDialogue.SELECT_USIM;
import static org.simgate.gateway.fakes.UiccDialogue.USIM_AID;
import static org.simgate.gateway.fakes.UiccDialogue.USIM_FCP;
import static org.simgate.gateway.fakes.UiccDialogue.authenticateSuccess;
import static org.simgate.gateway.fakes.UiccDialogue.firstAuthentication;
import static org.simgate.gateway.fakes.UiccDialogue.readEfDir;
import static org.simgate.gateway.fakes.UiccDialogue.selectIsim;
import static org.simgate.gateway.fakes.UiccDialogue.selectUsim;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.simgate.gateway.fakes.ScriptedCard;
import org.simgate.service.Application;
import org.simgate.service.AuthResult;
import org.simgate.service.AuthResult.Reason;
import org.simgate.service.SlotException;
import org.simgate.transport.CardTransportException;
import org.simgate.transport.Hex;
import org.simgate.transport.ProcedureBytes;

/**
 * UsimApplication against a card that answers byte for byte like a T=0 UICC. Each test is the
 * dialogue the gateway must have with the card; the card fails the test on any other command.
 */
class UsimApplicationTest {
    private final ScriptedCard card = new ScriptedCard();
    private final UsimApplication usim = new UsimApplication(ProcedureBytes.wrap(card));

    @AfterEach
    void everyScriptedExchangeHappened() {
        card.assertScriptDone();
    }

    private AuthResult authenticate(Application app) throws CardTransportException {
        return usim.authenticate(app, Hex.decode(RAND), Hex.decode(AUTN));
    }

    private AuthResult.Success authenticateSucceeds(Application app) throws CardTransportException {
        return assertInstanceOf(AuthResult.Success.class, authenticate(app));
    }

    @Test
    void firstAuthenticationReadsEfDirSelectsTheUsimItListsAndAuthenticates() throws Exception {
        card.expect("00A40804022F00", "6121")
                .expect("00C0000021", "621F8205422100260383022F00A5038001718A01058B032F0601800200728801F0 9000")
                .expect("00B2010426", "610E4F0CA000000063504B43532D3135" + "FF".repeat(22) + "9000")
                .expect("00B2020426", "61144F0CA0000000871002FF49FF058950045553494D" + "FF".repeat(16) + "9000")
                .expect("00B2030426", "61144F0CA0000000871004FF49FF058950044953494D" + "FF".repeat(16) + "9000")
                .expect("00A404040CA0000000871002FF49FF0589", "6117")
                .expect("00C0000017", "621582027821840CA0000000871002FF49FF05898A0105 9000")
                .expect("008800812210" + "23553CBE9637A89D218AE64DAE47BF35" + "10" + "55F328B43577B9B94A9FFAC354DFAFB3",
                        "6135")
                .expect("00C0000035", "DB08A54211D5E3BA50BF"
                        + "10B40BA9A3C58B2A05BBF0D987B21BF8CB"
                        + "10F769BCD751044604127672711C6D3441"
                        + "08EAE4BE823AF9A08B" + "9000");

        AuthResult.Success success = authenticateSucceeds(Application.USIM);

        assertEquals("a54211d5e3ba50bf", Hex.lower(success.res()));
        assertEquals("b40ba9a3c58b2a05bbf0d987b21bf8cb", Hex.lower(success.ck()));
        assertEquals("f769bcd751044604127672711c6d3441", Hex.lower(success.ik()));
        assertEquals("eae4be823af9a08b", Hex.lower(success.kc()));
    }

    @Test
    void successWithoutKcLeavesKcNull() throws Exception {
        readEfDir(card);
        selectUsim(card);
        card.expect(AUTHENTICATE, "612C").expect("00C000002C", "DB08" + RES + "10" + CK + "10" + IK + "9000");

        AuthResult.Success success = authenticateSucceeds(Application.USIM);

        assertArrayEquals(Hex.decode(RES), success.res());
        assertArrayEquals(Hex.decode(CK), success.ck());
        assertArrayEquals(Hex.decode(IK), success.ik());
        assertNull(success.kc());
    }

    @Test
    void resOfAnyLengthFrom4To16BytesIsTakenAsGiven() throws Exception {
        readEfDir(card);
        selectUsim(card);
        card.expect(AUTHENTICATE, "612C").expect("00C000002C", "DB04A54211D5" + "10" + CK + "10" + IK + "08" + KC + "9000");

        assertEquals("a54211d5", Hex.lower(authenticateSucceeds(Application.USIM).res()));
    }

    @Test
    void tuakLengthsOf256BitsAreTakenAsGiven() throws Exception {
        // TS 35.233 set 6: RES, CK and IK of 256 bits each, and no Kc (c3 is defined for 128 bits)
        String res = "D67E6E64590D22EECBA7324AFA4AF4460C93F01B24506D6E12047D789A94C867";
        String ck = "EDE57EDFC57CDFFE1AAE75066A1B7479BBC3837438E88D37A801CCCC9F972B89";
        String ik = "48ED9299126E5057402FE01F9201CF25249F9C5C0ED2AFCF084755DAFF1D3999";
        readEfDir(card);
        selectUsim(card);
        card.expect(AUTHENTICATE, "6164").expect("00C0000064", "DB20" + res + "20" + ck + "20" + ik + "9000");

        AuthResult.Success success = authenticateSucceeds(Application.USIM);

        assertEquals(res, Hex.upper(success.res()));
        assertEquals(ck, Hex.upper(success.ck()));
        assertEquals(ik, Hex.upper(success.ik()));
        assertNull(success.kc());
    }

    @Test
    void syncFailureAnswersAuts() throws Exception {
        readEfDir(card);
        selectUsim(card);
        card.expect(AUTHENTICATE, "6110").expect("00C0000010", "DC0E" + AUTS + "9000");

        AuthResult.SyncFailure failure = assertInstanceOf(AuthResult.SyncFailure.class, authenticate(Application.USIM));

        assertEquals("ba853f3c123c01cfaf9ec4e871e9", Hex.lower(failure.auts()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "9862, INCORRECT_MAC",
        "9864, CONTEXT_NOT_SUPPORTED",
        "9865, KEY_FRESHNESS_FAILURE",
        "6982, CARD_ERROR",
        "6A86, CARD_ERROR",
    })
    void aRefusingStatusWordIsARejectionWithItsReason(String statusWord, Reason reason) throws Exception {
        readEfDir(card);
        selectUsim(card);
        card.expect(AUTHENTICATE, statusWord);

        AuthResult.Rejected rejected = assertInstanceOf(AuthResult.Rejected.class, authenticate(Application.USIM));

        assertEquals(Integer.parseInt(statusWord, 16), rejected.statusWord());
        assertEquals(statusWord.toLowerCase(), rejected.statusWordHex());
        assertEquals(reason, rejected.reason());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "'9000 with no data', 9000",
        "'unknown tag DA', DA08A54211D5E3BA50BF9000",
        "'CK shorter than its length', DB08A54211D5E3BA50BF10B40BA9A3C58B2A05BB9000",
        "'IK missing', DB08A54211D5E3BA50BF10B40BA9A3C58B2A05BBF0D987B21BF8CB9000",
        "'RES of length 0', DB00" + "10B40BA9A3C58B2A05BBF0D987B21BF8CB10F769BCD751044604127672711C6D34419000",
        "'AUTS length beyond the data', DC0EBA853F3C9000",
    })
    void aMalformedAnswerIsACardProtocolError(String what, String answer) throws Exception {
        readEfDir(card);
        selectUsim(card);
        card.expect(AUTHENTICATE, answer);

        SlotException e = assertThrows(SlotException.class, () -> authenticate(Application.USIM));

        assertEquals(SlotException.Kind.CARD_PROTOCOL, e.kind());
    }

    @Test
    void usimIsFoundByRidAndApplicationCodeWhateverTheVendorSuffix() throws Exception {
        String otherVendorUsim = "A0000000871002FF33FF01890000FF01";
        card.expect(SELECT_EF_DIR, "6121")
                .expect("00C0000021", EF_DIR_FCP + "9000")
                .expect("00B2010426", "61184F10" + otherVendorUsim + "50045553494D" + "FF".repeat(12) + "9000")
                .expect("00B2020426", "FF".repeat(38) + "9000") // an erased record
                .expect("00B2030426", "6A83") // fewer records than the FCP says: stop there
                .expect("00A4040410" + otherVendorUsim, "9000");
        authenticateSuccess(card);

        authenticateSucceeds(Application.USIM);
    }

    @Test
    void isimAuthenticationSelectsTheIsimAid() throws Exception {
        readEfDir(card);
        card.expect("00A404040CA0000000871004FF49FF0589", "6117")
                .expect("00C0000017", "621582027821840C" + ISIM_AID + "8A0105" + "9000");
        authenticateSuccess(card);

        authenticateSucceeds(Application.ISIM);
    }

    @Test
    void switchingApplicationSelectsTheOtherOneWithoutReadingEfDirAgain() throws Exception {
        firstAuthentication(card);
        selectIsim(card);
        authenticateSuccess(card);
        selectUsim(card);
        authenticateSuccess(card);

        authenticateSucceeds(Application.USIM);
        authenticateSucceeds(Application.ISIM);
        authenticateSucceeds(Application.USIM);
    }

    @Test
    void efDirWithoutRecordSizeIsReadWithTheLengthTheCardGivesIn6Cxx() throws Exception {
        // FCP with file descriptor 82 02 (no record length or count): read with Le 00, the card
        // answers 6C26 and the read is repeated with Le 26, until a record is not found
        card.expect(SELECT_EF_DIR, "6109")
                .expect("00C0000009", "6207820242218801F0" + "9000")
                .expect("00B2010400", "6C26")
                .expect("00B2010426", EF_DIR_RECORD_2 + "9000")
                .expect("00B2020400", "6A83");
        selectUsim(card);
        authenticateSuccess(card);

        authenticateSucceeds(Application.USIM);
    }

    @Test
    void aFileControlParameterTemplateGivesRecordsAndSize() {
        assertEquals(new FileControlParameters(0x26, 3, 0x72), FileControlParameters.parse(Hex.decode(EF_DIR_FCP)));
        assertEquals(new FileControlParameters(0, 0, 0), FileControlParameters.parse(Hex.decode("9000")));
    }

    @Test
    void applicationsAreNamedUsimIsimOrByLabelOrAid() throws Exception {
        readEfDir(card);

        assertEquals(List.of(Hex.lower(Hex.decode("A000000063504B43532D3135")), "USIM", "ISIM"), usim.applications());
    }

    // --- selection memory ---

    @Test
    void secondAuthenticationSendsOnlyTheAuthenticate() throws Exception {
        firstAuthentication(card);
        card.expect(AUTHENTICATE, "6135").expect("00C0000035", AUTH_SUCCESS + "9000");

        authenticateSucceeds(Application.USIM);
        authenticateSucceeds(Application.USIM);
    }

    @Test
    void afterForgetSelectionItSelectsAgainButDoesNotReadEfDir() throws Exception {
        firstAuthentication(card);
        card.expect(SELECT_USIM, "6117").expect("00C0000017", USIM_FCP + "9000");
        authenticateSuccess(card);

        authenticateSucceeds(Application.USIM);
        usim.forgetSelection();
        authenticateSucceeds(Application.USIM);
    }

    @Test
    void afterForgetCardItReadsEfDirAgain() throws Exception {
        firstAuthentication(card);
        firstAuthentication(card);

        authenticateSucceeds(Application.USIM);
        usim.forgetCard();
        authenticateSucceeds(Application.USIM);
    }

    @Test
    void aRememberedSelectionTheCardLostIsSelectedAgainAndTriedOnce() throws Exception {
        firstAuthentication(card);
        card.expect(AUTHENTICATE, "6985"); // conditions of use not satisfied: no ADF selected any more
        selectUsim(card);
        authenticateSuccess(card);

        authenticateSucceeds(Application.USIM);
        authenticateSucceeds(Application.USIM);
    }

    @Test
    void theRetryAfterALostSelectionHappensOnlyOnce() throws Exception {
        firstAuthentication(card);
        card.expect(AUTHENTICATE, "6985");
        selectUsim(card);
        card.expect(AUTHENTICATE, "6985");

        authenticateSucceeds(Application.USIM);
        AuthResult.Rejected rejected = assertInstanceOf(AuthResult.Rejected.class, authenticate(Application.USIM));
        assertEquals(0x6985, rejected.statusWord());
    }

    @Test
    void aFreshSelectionAnswered6985IsNotRetried() throws Exception {
        readEfDir(card);
        selectUsim(card);
        card.expect(AUTHENTICATE, "6985");

        AuthResult.Rejected rejected = assertInstanceOf(AuthResult.Rejected.class, authenticate(Application.USIM));
        assertEquals(0x6985, rejected.statusWord());
        assertEquals(Reason.CARD_ERROR, rejected.reason());
    }

    @Test
    void withoutEfDirItSelectsThePartialUsimAid() throws Exception {
        card.expect(SELECT_EF_DIR, "6A82")
                .expect("00A4040407A0000000871002", "6117")
                .expect("00C0000017", USIM_FCP + "9000");
        authenticateSuccess(card);
        // an old card without EF.DIR stays one: the next selection does not look for EF.DIR again
        card.expect("00A4040407A0000000871004", "6A82");

        authenticateSucceeds(Application.USIM);
        AuthResult.Rejected rejected = assertInstanceOf(AuthResult.Rejected.class, authenticate(Application.ISIM));
        assertEquals(0x6A82, rejected.statusWord());
    }

    @Test
    void anApplicationEfDirDoesNotListIsRejectedAsFileNotFoundWithoutASelect() throws Exception {
        card.expect(SELECT_EF_DIR, "6121")
                .expect("00C0000021", EF_DIR_FCP + "9000")
                .expect("00B2010426", EF_DIR_RECORD_1 + "9000")
                .expect("00B2020426", EF_DIR_RECORD_2 + "9000")
                .expect("00B2030426", "FF".repeat(38) + "9000");

        AuthResult.Rejected rejected = assertInstanceOf(AuthResult.Rejected.class, authenticate(Application.ISIM));

        assertEquals(0x6A82, rejected.statusWord());
        assertEquals(Reason.CARD_ERROR, rejected.reason());
    }

    @Test
    void aSelectTheCardRefusesIsARejectionAndNothingIsRemembered() throws Exception {
        readEfDir(card);
        card.expect(SELECT_USIM, "6A82");
        selectUsim(card);
        authenticateSuccess(card);

        AuthResult.Rejected rejected = assertInstanceOf(AuthResult.Rejected.class, authenticate(Application.USIM));
        assertEquals(0x6A82, rejected.statusWord());
        authenticateSucceeds(Application.USIM);
    }

    // --- IMSI and ICCID ---

    @Test
    void imsiIsReadFromEfImsiInTheUsim() throws Exception {
        readEfDir(card);
        selectUsim(card);
        card.expect("00A40004026F07", "611E")
                .expect("00C000001E", "621C8202412183026F07A5038001718A01058B036F060280020009880138" + "9000")
                .expect("00B0000009", "080910100000000010" + "9000");

        assertEquals("001010000000001", usim.readImsi());
    }

    @Test
    void imsiReadAfterAuthenticationKeepsTheUsimSelected() throws Exception {
        firstAuthentication(card);
        card.expect("00A40004026F07", "611E")
                .expect("00C000001E", "621C8202412183026F07A5038001718A01058B036F060280020009880138" + "9000")
                .expect("00B0000009", "082926102143658709" + "9000");
        authenticateSuccess(card);

        authenticateSucceeds(Application.USIM);
        assertEquals("262011234567890", usim.readImsi());
        authenticateSucceeds(Application.USIM);
    }

    @Test
    void imsiIsNullWhenTheCardHasNoUsim() throws Exception {
        card.expect(SELECT_EF_DIR, "6121")
                .expect("00C0000021", EF_DIR_FCP + "9000")
                .expect("00B2010426", EF_DIR_RECORD_3 + "9000")
                .expect("00B2020426", "6A83");

        assertNull(usim.readImsi());
    }

    // --- EF.AD (TS 31.102 §4.2.18): byte 4, bits b1-b4, is the MNC length ---

    private static final String SELECT_EF_AD = "00A40004026FAD";
    private static final String EF_AD_FCP = "621C8202412183026FADA5038001718A01058B036F060180020004880118";

    @ParameterizedTest(name = "EF.AD {0} -> MNC length {1}")
    @CsvSource({"00000003, 3", "00000002, 2", "810000F3, 3", "00000004, ", "00000000, "})
    void mncLengthIsByteFourOfEfAd(String content, Integer expected) throws Exception {
        readEfDir(card);
        selectUsim(card);
        card.expect(SELECT_EF_AD, "611E").expect("00C000001E", EF_AD_FCP + "9000").expect("00B0000004", content + "9000");

        assertEquals(expected, usim.readMncLength());
    }

    @Test
    void mncLengthIsNullWithoutEfAdOrWithAShortOne() throws Exception {
        readEfDir(card);
        selectUsim(card);
        card.expect(SELECT_EF_AD, "6A82");
        assertNull(usim.readMncLength());

        // an old card whose EF.AD stops at byte 3: nothing stated, nothing guessed
        card.expect(SELECT_EF_AD, "611E")
                .expect("00C000001E", EF_AD_FCP.replace("80020004", "80020003") + "9000")
                .expect("00B0000003", "000000" + "9000");
        assertNull(usim.readMncLength());
    }

    @Test
    void iccidIsReadFromEfIccidUnderTheMf() throws Exception {
        // 8988211000000000011: 19 digits, low nibble first, F fills the last byte
        card.expect("00A40804022FE2", "611E")
                .expect("00C000001E", "621C8202412183022FE2A5038001718A01058B032F06028002000A880110" + "9000")
                .expect("00B000000A", "988812010000000010F1" + "9000");

        assertEquals("8988211000000000011", usim.readIccid());
    }

    @Test
    void readingTheIccidLeavesTheAdfSoTheNextAuthenticationSelectsAgain() throws Exception {
        firstAuthentication(card);
        card.expect("00A40804022FE2", "611E")
                .expect("00C000001E", "621C8202412183022FE2A5038001718A01058B032F06028002000A880110" + "9000")
                .expect("00B000000A", "988812010000000020F9" + "9000");
        selectUsim(card);
        authenticateSuccess(card);

        authenticateSucceeds(Application.USIM);
        assertEquals("8988211000000000029", usim.readIccid());
        authenticateSucceeds(Application.USIM);
    }

    @Test
    void iccidIsNullWhenTheCardHasNoEfIccid() throws Exception {
        card.expect("00A40804022FE2", "6A82");

        assertNull(usim.readIccid());
    }

    @Test
    void theAuthenticateCommandIsTheT0FormWithoutLe() {
        assertEquals("008800812210" + RAND + "10" + AUTN,
                Hex.upper(AuthenticateApdu.command(Hex.decode(RAND), Hex.decode(AUTN))));
        assertEquals(AUTHENTICATE, Hex.upper(AuthenticateApdu.command(Hex.decode(RAND), Hex.decode(AUTN))));
    }

    @Test
    void usimAidsOfTheDialogueCarryTheThreeGppPrefixes() {
        // guards the test data itself: the prefixes UsimApplication looks for
        assertEquals("A0000000871002", USIM_AID.substring(0, 14));
        assertEquals("A0000000871004", ISIM_AID.substring(0, 14));
        assertEquals(EF_DIR_RECORD_2.length(), EF_DIR_RECORD_3.length());
        assertEquals(38 * 2, EF_DIR_RECORD_2.length());
    }
}
