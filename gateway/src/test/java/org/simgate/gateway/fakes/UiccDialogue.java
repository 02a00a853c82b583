package org.simgate.gateway.fakes;

/**
 * The exchanges of one UICC with a USIM and an ISIM, byte for byte, as a T=0 card answers them
 * (61xx, then GET RESPONSE). Values of AUTHENTICATE are those of 3GPP TS 35.208 test set 1, so the
 * bytes are ones a real card with that K and OPc gives.
 */
public final class UiccDialogue {
    private UiccDialogue() {
    }

    /** A vendor's USIM AID: 3GPP RID A000000087, application code 1002, then a vendor suffix. */
    public static final String USIM_AID = "A0000000871002FF49FF0589";
    /** The same vendor's ISIM AID: application code 1004. */
    public static final String ISIM_AID = "A0000000871004FF49FF0589";
    /** A PKCS#15 application that EF.DIR lists first, so the USIM is not simply the first record. */
    public static final String PKCS15_AID = "A000000063504B43532D3135";

    /** SELECT EF.DIR by path from MF (P1 08), FCP wanted (P2 04); T=0: no Le. */
    public static final String SELECT_EF_DIR = "00A40804022F00";
    /** EF.DIR's FCP: linear fixed (82 05 42 21 0026 03: 3 records of 0x26 = 38 bytes), size 0x72. */
    public static final String EF_DIR_FCP = "621F8205422100260383022F00A5038001718A01058B032F0601800200728801F0";
    public static final String EF_DIR_RECORD_1 = "610E4F0C" + PKCS15_AID + "FF".repeat(22);
    public static final String EF_DIR_RECORD_2 = "61144F0C" + USIM_AID + "50045553494D" + "FF".repeat(16);
    public static final String EF_DIR_RECORD_3 = "61144F0C" + ISIM_AID + "50044953494D" + "FF".repeat(16);

    public static final String SELECT_USIM = "00A404040C" + USIM_AID;
    public static final String USIM_FCP = "621582027821840C" + USIM_AID + "8A0105";
    public static final String SELECT_ISIM = "00A404040C" + ISIM_AID;
    public static final String ISIM_FCP = "621582027821840C" + ISIM_AID + "8A0105";

    public static final String RAND = "23553CBE9637A89D218AE64DAE47BF35";
    /** SQN xor AK ‖ AMF ‖ MAC-A of test set 1. */
    public static final String AUTN = "55F328B43577B9B94A9FFAC354DFAFB3";
    public static final String RES = "A54211D5E3BA50BF";
    public static final String CK = "B40BA9A3C58B2A05BBF0D987B21BF8CB";
    public static final String IK = "F769BCD751044604127672711C6D3441";
    /** c3(CK, IK), which a USIM with GSM access (service n27) adds to its answer. */
    public static final String KC = "EAE4BE823AF9A08B";
    /** SQN xor AK* ‖ MAC-S of test set 1: 14 bytes as a sync failure carries them. */
    public static final String AUTS = "BA853F3C123C01CFAF9EC4E871E9";

    /** CLA 00, INS 88, P1 00, P2 81 (3G context), Lc 22, then 10 RAND 10 AUTN; T=0: no Le. */
    public static final String AUTHENTICATE = "0088008122" + "10" + RAND + "10" + AUTN;
    /** DB, then RES, CK, IK and Kc each with its length: 0x35 = 53 bytes. */
    public static final String AUTH_SUCCESS = "DB08" + RES + "10" + CK + "10" + IK + "08" + KC;

    /** EF.DIR read as the first thing on a fresh card: SELECT, GET RESPONSE, one READ RECORD per record. */
    public static void readEfDir(ScriptedCard card) {
        card.expect(SELECT_EF_DIR, "6121")
                .expect("00C0000021", EF_DIR_FCP + "9000")
                .expect("00B2010426", EF_DIR_RECORD_1 + "9000")
                .expect("00B2020426", EF_DIR_RECORD_2 + "9000")
                .expect("00B2030426", EF_DIR_RECORD_3 + "9000");
    }

    public static void selectUsim(ScriptedCard card) {
        card.expect(SELECT_USIM, "6117").expect("00C0000017", USIM_FCP + "9000");
    }

    public static void selectIsim(ScriptedCard card) {
        card.expect(SELECT_ISIM, "6117").expect("00C0000017", ISIM_FCP + "9000");
    }

    /** AUTHENTICATE answered with RES, CK, IK and Kc. */
    public static void authenticateSuccess(ScriptedCard card) {
        card.expect(AUTHENTICATE, "6135").expect("00C0000035", AUTH_SUCCESS + "9000");
    }

    /** A fresh card's first authentication: EF.DIR, SELECT ADF.USIM, AUTHENTICATE. */
    public static void firstAuthentication(ScriptedCard card) {
        readEfDir(card);
        selectUsim(card);
        authenticateSuccess(card);
    }
}
