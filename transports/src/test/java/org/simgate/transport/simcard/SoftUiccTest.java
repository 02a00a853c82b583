package org.simgate.transport.simcard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.simgate.transport.simcard.TestCard.AMF;
import static org.simgate.transport.simcard.TestCard.ICCID;
import static org.simgate.transport.simcard.TestCard.ISIM_AID;
import static org.simgate.transport.simcard.TestCard.RAND;
import static org.simgate.transport.simcard.TestCard.USIM_AID;
import static org.simgate.transport.simcard.TestCard.authenticate;
import static org.simgate.transport.simcard.TestCard.autn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.transport.Bytes;
import org.simgate.transport.Hex;

/**
 * The software UICC, APDU by APDU: each test is the exchange a terminal has with it, in the bytes
 * of TS 102 221, TS 31.102 and TS 31.103.
 */
class SoftUiccTest {
    private static final String FCP_MF = "6214 82027821 83023F00 8A0105 C603900100 810200F0";
    private static final String FCP_ADF_USIM = "6226 82027821 83027FF0 8410" + USIM_AID + " 8A0105 C603900100 8102000D";
    private static final String FCP_ADF_ISIM = "6226 82027821 83027FF1 8410" + ISIM_AID + " 8A0105 C603900100 8102008D";
    private static final String FCP_EF_DIR = "6215 82054221002602 83022F00 8A0105 8002004C 8801F0";
    private static final String FCP_EF_ICCID = "6212 82024121 83022FE2 8A0105 8002000A 880110";
    private static final String FCP_EF_IMSI = "6212 82024121 83026F07 8A0105 80020009 880138";
    private static final String DIR_USIM = "6118 4F10" + USIM_AID + " 5004 5553494D" + "FF".repeat(12);
    private static final String DIR_ISIM = "6118 4F10" + ISIM_AID + " 5004 4953494D" + "FF".repeat(12);
    private static final String EF_ICCID = "98881201000000000 0F1".replace(" ", "");
    private static final String EF_IMSI = "08 09 10 10 00 00 00 00 10";

    private CardSession card;

    @BeforeEach
    void freshCard() throws IOException {
        card = new CardSession(new SoftUicc(TestCard.profile()));
    }

    // ---- SELECT and the T=0 way of returning data

    @Test
    void selectMfAnswers61xxThenTheFcpComesWithGetResponse() {
        card.exchange("00A40004 02 3F00", "61 16");
        card.exchange("00C00000 16", FCP_MF + "9000");
    }

    @Test
    void selectWithP2_0CReturnsNoData() {
        card.exchange("00A4000C 02 3F00", "9000");
        card.exchange("00C00000 00", "6985");
    }

    @Test
    void selectWithLeStillAnswersTheT0Way() {
        card.exchange("00A40004 02 3F00 00", "61 16");
        card.exchange("00C00000 00", FCP_MF + "9000");
    }

    @Test
    void selectWithoutIdentifierSelectsTheMf() {
        card.selectUsim();
        card.exchange("00A40004", "61 16");
        card.exchange("00C00000 16", FCP_MF + "9000");
    }

    @Test
    void selectEfDirAndReadItsRecords() {
        card.exchange("00A40004 02 2F00", "61 17");
        card.exchange("00C00000 17", FCP_EF_DIR + "9000");
        card.exchange("00B20104 26", DIR_USIM + "9000");
        card.exchange("00B20204 26", DIR_ISIM + "9000");
        card.exchange("00B20304 26", "6A83");
    }

    @Test
    void readRecordWithLe00GetsTheWholeRecordAndAWrongLeGets6Cxx() {
        card.exchange("00A4080C 02 2F00", "9000");
        card.exchange("00B20104 00", DIR_USIM + "9000");
        card.exchange("00B20104 10", "6C 26");
        card.exchange("00B20104", "6C 26");
        card.exchange("00B20104 FF", "6C 26");
    }

    @Test
    void selectAdfByFullAid() {
        card.exchange("00A40404 10" + USIM_AID, "61 28");
        card.exchange("00C00000 28", FCP_ADF_USIM + "9000");
        card.exchange("00A40404 10" + ISIM_AID, "61 28");
        card.exchange("00C00000 28", FCP_ADF_ISIM + "9000");
    }

    @Test
    void selectAdfByRightTruncatedAid() {
        // RID + 3GPP application code, as a terminal does when it has no EF.DIR
        card.exchange("00A40404 07 A0000000871002", "61 28");
        card.exchange("00C00000 28", FCP_ADF_USIM + "9000");
        card.exchange("00A40404 07 A0000000871004", "61 28");
        card.exchange("00C00000 28", FCP_ADF_ISIM + "9000");
        // the RID alone matches both: the first in EF.DIR order wins
        card.exchange("00A40404 05 A000000087", "61 28");
        card.exchange("00C00000 28", FCP_ADF_USIM + "9000");
    }

    @Test
    void unknownAidIsNotFound() {
        card.exchange("00A40404 07 A0000000871009", "6A82");
        card.exchange("00A40404 10 A0000000871002FFFFFFFF8907090001", "6A82");
        card.exchange("00A40404 11 A0000000871002FFFFFFFF890709000000", "6700");
    }

    @Test
    void readImsiInTheUsim() {
        card.selectUsim();
        card.exchange("00A40004 02 6F07", "61 14");
        card.exchange("00C00000 14", FCP_EF_IMSI + "9000");
        card.exchange("00B00000 09", EF_IMSI + "9000");
        card.exchange("00B00000 00", EF_IMSI + "9000");
        card.exchange("00B00008 01", "10 9000");
        card.exchange("00B00009 01", "6B00");
        card.exchange("00B00000 0A", "6C 09");
        card.exchange("00B00000", "6C 09");
        card.exchange("00B00004 00", "00 00 00 00 10 9000");
    }

    @Test
    void readAdministrativeDataForTheMncLength() throws IOException {
        card.selectUsim();
        card.exchange("00A4000C 02 6FAD", "9000");
        card.exchange("00B00000 04", "00 00 00 02 9000");
        CardSession threeDigitMnc = new CardSession(new SoftUicc(TestCard.profile().withMncLength(3)));
        threeDigitMnc.exchange("00A4080C 04 7FF0 6FAD", "9000");
        threeDigitMnc.exchange("00B00000 04", "00 00 00 03 9000");
    }

    @Test
    void imsiOfEvenLengthIsPaddedWithF() throws IOException {
        CardSession even = new CardSession(new SoftUicc(
                SimcardProfile.of("31041012345678", ICCID, Bytes.hex(TestCard.K), Bytes.hex(TestCard.OPC))));
        even.exchange("00A4080C 04 7FFF 6F07", "6A82"); // no application active yet
        even.selectUsim();
        even.exchange("00A4080C 04 7FFF 6F07", "9000");
        even.exchange("00B00000 09", "08 31 01 14 10 32 54 76 F8 9000");
    }

    @Test
    void readIccidByPathFromTheMf() {
        card.exchange("00A40804 02 2FE2", "61 14");
        card.exchange("00C00000 14", FCP_EF_ICCID + "9000");
        card.exchange("00B00000 0A", EF_ICCID + "9000");
    }

    @Test
    void iccidOfTwentyDigitsFillsAllTenBytes() throws IOException {
        CardSession twenty = new CardSession(new SoftUicc(
                SimcardProfile.of(TestCard.IMSI, "89882110000000000012", Bytes.hex(TestCard.K), Bytes.hex(TestCard.OPC))));
        twenty.exchange("00A4080C 02 2FE2", "9000");
        twenty.exchange("00B00000 0A", "98 88 12 01 00 00 00 00 00 21 9000");
    }

    @Test
    void selectByPathFromTheMfThroughAnAdf() {
        card.exchange("00A4080C 04 7FF0 6F07", "9000");
        card.exchange("00B00000 09", EF_IMSI + "9000");
        // a leading 3F00 is tolerated like on real cards
        card.exchange("00A4080C 04 3F00 2FE2", "9000");
        card.exchange("00B00000 0A", EF_ICCID + "9000");
    }

    @Test
    void selectByPathFromTheCurrentDf() {
        card.selectUsim();
        card.exchange("00A4090C 02 6F07", "9000");
        card.exchange("00B00000 09", EF_IMSI + "9000");
        card.exchange("00A4090C 02 2FE2", "6A82"); // EF.ICCID is not under ADF.USIM
        card.exchange("00A4090C 04 6F07 6F07", "6A82"); // an EF is not a directory
    }

    @Test
    void currentAdfIs7FFF() {
        card.exchange("00A4000C 02 7FFF", "6A82");
        card.selectUsim();
        card.exchange("00A4000C 02 3F00", "9000");
        card.exchange("00A40004 02 7FFF", "61 28");
        card.exchange("00C00000 28", FCP_ADF_USIM + "9000");
    }

    @Test
    void selectByFidFollowsTheReachabilityRules() {
        card.exchange("00A4000C 02 6F07", "6A82"); // not a child of the MF
        card.exchange("00A4000C 02 7FF0", "9000"); // the ADF, a child of the MF
        card.exchange("00A4000C 02 6F07", "9000"); // a child of the current DF
        card.exchange("00A4000C 02 6FAD", "9000"); // a sibling of the current EF
        card.exchange("00A4000C 02 7FF1", "9000"); // a DF child of the parent (MF)
        card.exchange("00A4000C 02 6F02", "9000"); // EF.IMPI in ADF.ISIM
        card.exchange("00A4000C 02 2F00", "6A82"); // EF.DIR is an EF of the parent, not reachable by FID
    }

    @Test
    void selectWithWrongParameters() {
        card.exchange("00A40000 02 3F00", "6A86");
        card.exchange("00A40204 02 3F00", "6A86");
        card.exchange("00A40304 02 3F00", "6A86");
        card.exchange("00A40406 10" + USIM_AID, "6A86");
        card.exchange("00A40004 03 3F0000", "6700");
        card.exchange("00A40804 01 2F", "6700");
        card.exchange("00A40804 03 2F0000", "6700");
        card.exchange("00A40404", "6700");
    }

    @Test
    void failedSelectLeavesTheSelectionAsItWas() {
        card.selectUsim();
        card.exchange("00A4000C 02 6F07", "9000");
        card.exchange("00A4000C 02 1234", "6A82");
        card.exchange("00B00000 09", EF_IMSI + "9000");
    }

    // ---- READ BINARY / READ RECORD errors and SFIs

    @Test
    void readWithoutCurrentEf() {
        card.exchange("00B00000 0A", "6986");
        card.exchange("00B20104 26", "6986");
        card.selectUsim();
        card.exchange("00B00000 09", "6986");
    }

    @Test
    void readOfTheWrongFileStructure() {
        card.exchange("00A4000C 02 2F00", "9000");
        card.exchange("00B00000 26", "6981");
        card.exchange("00A4000C 02 2FE2", "9000");
        card.exchange("00B20104 0A", "6981");
    }

    @Test
    void readByShortFileIdentifier() {
        card.exchange("00B08200 0A", EF_ICCID + "9000"); // SFI 02 = EF.ICCID
        card.exchange("00B08205 00", "00 00 00 00 F1 9000");
        card.exchange("00B201F4 26", DIR_USIM + "9000"); // SFI 1E = EF.DIR
        card.exchange("00B08700 09", "6A82"); // SFI 07 is EF.IMSI, in the USIM only
        card.selectUsim();
        card.exchange("00B08700 09", EF_IMSI + "9000");
        card.exchange("00B00000 09", EF_IMSI + "9000"); // the SFI made it the current EF
        card.exchange("00B0A700 09", "6A86");
    }

    @Test
    void readRecordOnlyInAbsoluteMode() {
        card.exchange("00A4000C 02 2F00", "9000");
        card.exchange("00B20102 26", "6A86"); // next record
        card.exchange("00B20004 26", "6A86"); // record 0
        card.exchange("00B201FC 26", "6A86"); // SFI 1F is reserved
        card.exchange("00B20104 01 00", "6700"); // command data
    }

    // ---- GET RESPONSE

    @Test
    void getResponseWithoutPendingData() {
        card.exchange("00C00000 00", "6985");
        card.exchange("00C00000 10", "6985");
    }

    @Test
    void getResponseInParts() {
        card.exchange("00A40004 02 3F00", "61 16");
        card.exchange("00C00000 10", "6214 82027821 83023F00 8A0105 C60390 61 06");
        card.exchange("00C00000 06", "0100 810200F0 9000");
        card.exchange("00C00000 06", "6985");
    }

    @Test
    void getResponseWithTooLargeLeGets6CxxAndKeepsTheData() {
        card.exchange("00A40004 02 3F00", "61 16");
        card.exchange("00C00000 20", "6C 16");
        card.exchange("00C00000 16", FCP_MF + "9000");
    }

    @Test
    void getResponseWithWrongParameters() {
        card.exchange("00A40004 02 3F00", "61 16");
        card.exchange("00C00100 16", "6A86");
    }

    @Test
    void anyOtherCommandDropsPendingData() {
        card.exchange("00A40004 02 3F00", "61 16");
        card.exchange("00A4000C 02 3F00", "9000");
        card.exchange("00C00000 16", "6985");
    }

    // ---- STATUS

    @Test
    void statusAnswersTheCurrentDfsFcp() {
        card.selectUsim();
        card.exchange("80F20000", "61 28");
        card.exchange("80C00000 28", FCP_ADF_USIM + "9000");
        card.exchange("80F20000 28", FCP_ADF_USIM + "9000");
        card.exchange("80F20000 00", FCP_ADF_USIM + "9000");
        card.exchange("80F20000 10", "6C 28");
    }

    @Test
    void statusWithTheApplicationsDfNameOrNothing() {
        card.exchange("80F20001 12", "6985"); // no application active
        card.exchange("80F2000C", "9000");
        card.selectIsim();
        card.exchange("80F20001 12", "8410" + ISIM_AID + "9000");
        card.exchange("80F2010C", "9000");
        card.exchange("80F2000C 00", "9000");
    }

    @Test
    void statusWithWrongParametersOrClass() {
        card.exchange("80F20300", "6A86");
        card.exchange("80F20002", "6A86");
        card.exchange("00F20000", "6E00");
        card.exchange("80F20000 01 00", "6700");
    }

    // ---- classes and instructions

    @Test
    void unsupportedClassesAndInstructions() {
        card.exchange("A0A40000 02 3F00", "6E00"); // GSM SIM class
        card.exchange("01A40004 02 3F00", "6E00"); // logical channel 1
        card.exchange("80A40004 02 3F00", "6E00"); // SELECT is an ISO command
        card.exchange("80880081 22 10" + RAND + "10" + RAND, "6E00");
        card.exchange("00200001 08 31323334FFFFFFFF", "6D00"); // VERIFY PIN
        card.exchange("00700000 01", "6D00"); // MANAGE CHANNEL
        card.exchange("00D60000 01 00", "6D00"); // UPDATE BINARY
    }

    // ---- AUTHENTICATE

    @Test
    void authenticateIn3gContext() {
        card.selectUsim();
        card.exchange(authenticate(0x21), "61 35");
        card.exchange("00C00000 35", "DB 08 A54211D5E3BA50BF 10 B40BA9A3C58B2A05BBF0D987B21BF8CB"
                + " 10 F769BCD751044604127672711C6D3441 08 EAE4BE823AF9A08B 9000");
    }

    @Test
    void authenticateWithTheExactAutnOfTestSet1() throws IOException {
        // TS 35.208 set 1: SQN FF9BB4D0B607 ⊕ AK AA689C648370, AMF B9B9, MAC-A 4A9FFAC354DFAFB3
        String autn = "55F328B43577 B9B9 4A9FFAC354DFAFB3";
        CardSession lab = new CardSession(new SoftUicc(TestCard.profile().withSqnCheck(false)));
        lab.selectUsim();
        lab.exchange(authenticate(RAND, autn), "61 35");
        lab.exchange("00C00000 35", TestCard.success(true));
    }

    @Test
    void wildlyAheadSqnOnAFreshCardIsASynchronisationFailure() {
        // set 1's SQN is ~2^43, far more than Δ = 2^28 beyond SQN_MS = 0: AUTS carries SQN_MS = 0
        card.selectUsim();
        card.exchange(authenticate(RAND, "55F328B43577 B9B9 4A9FFAC354DFAFB3"), "61 10");
        String answer = card.send("00C00000 10");
        // AUTS = (000000000000 ⊕ f5*(RAND) = 451E8BECA43B, set 1's AK for resync) ‖ MAC-S
        assertEquals("DC0E451E8BECA43B", answer.substring(0, 16));
        assertEquals("9000", answer.substring(answer.length() - 4));
        assertEquals(0, TestCard.sqnFromAuts(RAND, auts(answer)));
    }

    @Test
    void replayedAutnIsASynchronisationFailureWithSqnMs(@TempDir Path dir) throws IOException {
        // a card that last accepted SEQ = SEQ(set 1) - 1 at IND 7 accepts set 1's SQN FF9BB4D0B607 (IND 7) once
        long[] seq = new long[32];
        seq[7] = (0xFF9BB4D0B607L >>> 5) - 1;
        Path state = dir.resolve("card.sqn");
        Files.writeString(state, SqnStateFile.format(seq));
        CardSession seasoned = new CardSession(new SoftUicc(TestCard.profile().withStateFile(state)));
        seasoned.selectUsim();
        String command = authenticate(RAND, "55F328B43577 B9B9 4A9FFAC354DFAFB3");
        seasoned.exchange(command, "61 35");
        seasoned.exchange("00C00000 35", TestCard.success(true));
        seasoned.exchange(command, "61 10");
        String answer = seasoned.send("00C00000 10");
        // SQN_MS ⊕ AK* = FF9BB4D0B607 ⊕ 451E8BECA43B
        assertEquals("DC0EBA853F3C123C", answer.substring(0, 16));
        assertEquals(0xFF9BB4D0B607L, TestCard.sqnFromAuts(RAND, auts(answer)));
    }

    @Test
    void replayOfAnAcceptedSqnGivesAutsThatDecodesToIt() {
        card.selectUsim();
        String command = authenticate(0x21);
        card.authenticate(command);
        byte[] answer = card.authenticate(command);
        assertEquals("DC0E", Bytes.text(Arrays.copyOf(answer, 2)));
        assertEquals(0x21, TestCard.sqnFromAuts(RAND, Arrays.copyOfRange(answer, 2, 16)));
        // the network resynchronises to SQN_MS + 1 SEQ and is accepted
        assertEquals("DB", Bytes.text(Arrays.copyOf(card.authenticate(authenticate(0x21 + 32)), 1)));
    }

    @Test
    void wrongMacIs9862() {
        card.selectUsim();
        String good = autn(RAND, 0x21, AMF);
        String badMac = good.substring(0, 31) + (good.charAt(31) == '0' ? '1' : '0');
        card.exchange(authenticate(RAND, badMac), "9862");
        String badAmf = good.substring(0, 12) + "8001" + good.substring(16);
        card.exchange(authenticate(RAND, badAmf), "9862");
        card.exchange("00C00000 00", "6985");
        // a MAC failure leaves the SQN memory alone: the good AUTN is still fresh
        card.exchange(authenticate(RAND, good), "61 35");
    }

    @Test
    void amfIsTakenFromAutnAsReceived() {
        card.selectUsim();
        card.exchange(authenticate(RAND, autn(RAND, 0x21, "0000")), "61 35");
        card.exchange(authenticate(RAND, autn(RAND, 0x41, "FFFF")), "61 35");
    }

    @Test
    void authenticateInGsmContext() {
        card.selectUsim();
        card.exchange("00880080 11 10" + RAND, "61 0E");
        // SRES = c2(RES) = 46F8416A and Kc = c3(CK, IK), TS 55.205 set 1
        card.exchange("00C00000 0E", "04 46F8416A 08 EAE4BE823AF9A08B 9000");
    }

    @Test
    void contextsAPlainUsimLacksAre9864() {
        card.selectUsim();
        String data = " 22 10" + RAND + "10" + RAND;
        card.exchange("00880082" + data, "9864"); // VGCS/VBS
        card.exchange("00880083" + data, "9864");
        card.exchange("00880084" + data, "9864"); // GBA
        card.exchange("00880085" + data, "9864"); // MBMS
    }

    @Test
    void undefinedContextsAndP1Are6A86() {
        card.selectUsim();
        String data = " 22 10" + RAND + "10" + RAND;
        card.exchange("00880086" + data, "6A86");
        card.exchange("00880000" + data, "6A86");
        card.exchange("00880001" + data, "6A86");
        card.exchange("008800FF" + data, "6A86");
        card.exchange("00880181" + data, "6A86");
    }

    @Test
    void authenticateNeedsAnAdf() {
        card.exchange(authenticate(0x21), "6985");
        card.selectUsim();
        card.exchange("00A4000C 02 3F00", "9000"); // the USIM stays active, but the MF is the current DF
        card.exchange(authenticate(0x21), "6985");
        card.exchange("00A4080C 02 2FE2", "9000");
        card.exchange(authenticate(0x21), "6985");
        card.exchange("00A4000C 02 7FFF", "9000");
        card.exchange(authenticate(0x21), "61 35");
    }

    @Test
    void authenticateWorksWithAnEfOfTheAdfSelected() {
        card.selectUsim();
        card.exchange("00A4000C 02 6F07", "9000");
        card.exchange(authenticate(0x21), "61 35");
    }

    @Test
    void authenticateWithAWrongDataLayoutIs6700() {
        card.selectUsim();
        String autn = autn(RAND, 0x21, AMF);
        card.exchange("00880081 21 10" + RAND + "0F" + autn.substring(0, 30), "6700");
        card.exchange("00880081 22 11" + RAND + "00" + autn.substring(0, 30), "6700");
        card.exchange("00880081 22 10" + RAND + "11" + autn, "6700");
        card.exchange("00880081 23 10" + RAND + "10" + autn + "00", "6700");
        card.exchange("00880081 23 10" + RAND + "10" + autn, "6700"); // Lc says more than is there
        card.exchange("00880081", "6700");
        card.exchange("00880081 00", "6700");
        card.exchange("00880080 22 10" + RAND + "10" + autn, "6700"); // 3G data in the GSM context
        card.exchange("00880080 10" + RAND, "6700");
        // with Le it is a case 4 command and still fine
        card.exchange("00880081 22 10" + RAND + "10" + autn + "00", "61 35");
    }

    @Test
    void isimAnswersWithoutKcAndOnlyIn3gContext() {
        card.selectIsim();
        card.exchange(authenticate(0x21), "61 2C");
        card.exchange("00C00000 2C", TestCard.success(false));
        card.exchange("00880080 11 10" + RAND, "6A86");
        card.exchange("00880084 22 10" + RAND + "10" + RAND, "6A86");
    }

    @Test
    void kcCanBeLeftOutOfTheUsimAnswer() throws IOException {
        CardSession noGsm = new CardSession(new SoftUicc(TestCard.profile().withKcInAuthResponse(false)));
        noGsm.selectUsim();
        noGsm.exchange(authenticate(0x21), "61 2C");
        noGsm.exchange("00C00000 2C", TestCard.success(false));
    }

    @Test
    void usimAndIsimShareOneSqnMemory() {
        card.selectUsim();
        card.exchange(authenticate(0x21), "61 35");
        card.selectIsim();
        card.exchange(authenticate(0x21), "61 10");
    }

    @Test
    void withSqnCheckOffAReplayIsAccepted() throws IOException {
        CardSession lab = new CardSession(new SoftUicc(TestCard.profile().withSqnCheck(false)));
        lab.selectUsim();
        String command = authenticate(0x21);
        lab.exchange(command, "61 35");
        lab.exchange("00C00000 35", TestCard.success(true));
        lab.exchange(command, "61 35");
        lab.exchange("00C00000 35", TestCard.success(true));
        lab.exchange(authenticate(0x01), "61 35"); // SEQ 0, never fresh with the check on
    }

    @Test
    void withSqnCheckOffAcceptedSqnsAreStillRecorded(@TempDir Path dir) throws IOException {
        Path state = dir.resolve("lab.sqn");
        CardSession lab = new CardSession(new SoftUicc(TestCard.profile().withSqnCheck(false).withStateFile(state)));
        lab.selectUsim();
        lab.exchange(authenticate(0x45), "61 35");
        CardSession checked = new CardSession(new SoftUicc(TestCard.profile().withStateFile(state)));
        checked.selectUsim();
        checked.exchange(authenticate(0x45), "61 10");
        assertEquals(0x45, TestCard.sqnFromAuts(RAND, auts(checked.send("00C00000 10"))));
    }

    @Test
    void resetSelectsTheMfAndKeepsTheSqnMemory() {
        card.selectUsim();
        card.exchange(authenticate(0x21), "61 35");
        card.card.reset();
        card.exchange("00C00000 35", "6985");
        card.exchange(authenticate(0x41), "6985");
        card.selectUsim();
        card.exchange(authenticate(0x21), "61 10");
    }

    // ---- ISIM files

    @Test
    void isimIdentitiesDerivedFromTheImsi() {
        String impi = "001010000000001@ims.mnc001.mcc001.3gppnetwork.org";
        String domain = "ims.mnc001.mcc001.3gppnetwork.org";
        String impu = "sip:" + impi;
        card.selectIsim();
        card.exchange("00A4000C 02 6F02", "9000");
        card.exchange("00B00000 00", "80 31" + ascii(impi) + "9000");
        card.exchange("00A4000C 02 6F03", "9000");
        card.exchange("00B00000 00", "80 21" + ascii(domain) + "9000");
        card.exchange("00A40004 02 6F04", "61 17");
        card.exchange("00C00000 17", "6215 82054221003701 83026F04 8A0105 80020037 880120 9000");
        card.exchange("00B20104 37", "80 35" + ascii(impu) + "9000");
        card.exchange("00B20204 37", "6A83");
    }

    @Test
    void isimIdentitiesFromTheProfile() throws IOException {
        SimcardProfile profile = TestCard.profile().withIsim("alice@ims.example.org", "ims.example.org",
                List.of("sip:alice@ims.example.org", "tel:+15551234"));
        CardSession isim = new CardSession(new SoftUicc(profile));
        isim.selectIsim();
        isim.exchange("00B08200 00", "80 15" + ascii("alice@ims.example.org") + "9000"); // SFI 02 = EF.IMPI
        isim.exchange("00B08500 00", "80 0F" + ascii("ims.example.org") + "9000"); // SFI 05 = EF.DOMAIN
        isim.exchange("00B20124 00", "80 19" + ascii("sip:alice@ims.example.org") + "9000"); // SFI 04 = EF.IMPU
        isim.exchange("00B20224 1B", "80 0D" + ascii("tel:+15551234") + "FF".repeat(12) + "9000");
    }

    // ---- malformed APDUs: always a status word, never an exception

    @Test
    void malformedApdusEndInStatusWords() {
        assertEquals("6700", Bytes.text(card.card.process(null)));
        card.exchange("", "6700");
        card.exchange("00", "6700");
        card.exchange("00A4", "6700");
        card.exchange("00A400", "6700");
        card.exchange("00A40004 05 3F00", "6700"); // Lc 5, two bytes of data
        card.exchange("00A40004 02 3F00 00 00", "6700"); // one byte too many for case 4
        card.exchange("00B00000 00 0100", "6700"); // extended length
        card.exchange("00C00000 02 0000", "6700"); // GET RESPONSE with data
    }

    private static byte[] auts(String answerHex) {
        byte[] answer = Hex.decode(answerHex);
        assertEquals("DC0E", Bytes.text(Arrays.copyOf(answer, 2)));
        return Arrays.copyOfRange(answer, 2, 16);
    }

    private static String ascii(String s) {
        return Hex.upper(s.getBytes(StandardCharsets.UTF_8));
    }
}
