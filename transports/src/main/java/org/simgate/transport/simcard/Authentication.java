package org.simgate.transport.simcard;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import org.simgate.aka.AkaAlgorithm;
import org.simgate.aka.AkaOutput;
import org.simgate.aka.GsmConversion;
import org.simgate.transport.simcard.CardFile.Dedicated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AUTHENTICATE (INS 88) as TS 31.102 §7.1.2 (USIM) and TS 31.103 §7.1.2 (ISIM) define it.
 *
 * <p>3G context (P2 = 81), data {@code 10 RAND 10 AUTN}: recover SQN = (SQN ⊕ AK) ⊕ f5(RAND), check
 * MAC-A = f1(RAND, SQN, AMF) (else 9862), check freshness (else {@code DC 0E AUTS}), record SQN, answer
 * {@code DB L RES L CK L IK [08 Kc]}. The ISIM answer never carries Kc (TS 31.103 has none).
 * GSM context (P2 = 80, USIM only), data {@code 10 RAND}: answer {@code 04 SRES 08 Kc} through c2/c3.
 * The VGCS/VBS, GBA and MBMS contexts (82..85) a plain card lacks answer 9864.
 *
 * <p>RES, CK and IK come at the lengths the algorithm makes: Milenage 8/16/16 bytes, TUAK what the
 * card was personalised with (RES 4 to 32 bytes, CK and IK 16 or 32). A MAC longer than the 64 bits
 * AUTN and AUTS have room for is compared and sent by its first 64 bits, as
 * {@link org.simgate.aka.AuthenticationCentre} builds them. c2 and c3 (TS 33.102 §6.8.1.2) are
 * defined for RES up to 128 bits and 128-bit CK and IK only: a card whose sizes exceed that leaves
 * Kc out of the 3G answer and answers the GSM context 9864.
 *
 * <p>The accepted SQN is written to the state file before this method returns, that is before the
 * answer leaves the card: a card that crashes after answering must not accept that SQN again.
 */
final class Authentication {
    private static final Logger log = LoggerFactory.getLogger(Authentication.class);
    /** TS 33.102 §6.3.3: MAC-S is computed with a dummy AMF of all zeros. */
    private static final byte[] RESYNC_AMF = new byte[2];
    private static final int RAND_LENGTH = 16;
    private static final int AUTN_LENGTH = 16;
    private static final int MAC_LENGTH = 8;
    /** The largest RES and the only CK/IK length c2 and c3 are defined for. */
    private static final int GSM_CONVERSION_BYTES = 16;

    private final AkaAlgorithm aka;
    private final SqnFreshness freshness;
    /** Null: the SQN memory is in this process only. */
    private final SqnStore store;
    private final boolean sqnCheck;
    private final boolean kcInUsimAnswer;

    /** @param store null keeps the SQN memory in this process only */
    Authentication(AkaAlgorithm aka, SqnFreshness freshness, SqnStore store, boolean sqnCheck,
                   boolean kcInUsimAnswer) {
        this.aka = aka;
        this.freshness = freshness;
        this.store = store;
        this.sqnCheck = sqnCheck;
        this.kcInUsimAnswer = kcInUsimAnswer;
    }

    /** The answer data for GET RESPONSE; {@code adf} is the current DF, which must be an ADF. */
    byte[] authenticate(Dedicated adf, CommandApdu command) throws StatusWordException {
        if (adf == null || !adf.isAdf()) {
            throw new StatusWordException(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        if (command.p1() != 0x00) {
            throw new StatusWordException(StatusWord.WRONG_P1_P2);
        }
        boolean usim = adf.application() == UiccApplication.USIM;
        int context = command.p2();
        if (context == 0x81) {
            return threeG(command.data(), usim && kcInUsimAnswer);
        }
        if (usim && context == 0x80) {
            return gsm(command.data());
        }
        if (usim && context >= 0x82 && context <= 0x85) {
            throw new StatusWordException(StatusWord.CONTEXT_NOT_SUPPORTED);
        }
        throw new StatusWordException(StatusWord.WRONG_P1_P2);
    }

    private byte[] threeG(byte[] data, boolean withKc) throws StatusWordException {
        if (data.length != 2 + RAND_LENGTH + AUTN_LENGTH || data[0] != RAND_LENGTH
                || data[1 + RAND_LENGTH] != AUTN_LENGTH) {
            throw new StatusWordException(StatusWord.WRONG_LENGTH);
        }
        byte[] rand = Arrays.copyOfRange(data, 1, 1 + RAND_LENGTH);
        int autn = 2 + RAND_LENGTH;
        AkaOutput out = aka.f2345(rand);
        byte[] ak = out.ak();
        byte[] sqn = new byte[6];
        for (int i = 0; i < 6; i++) {
            sqn[i] = (byte) (data[autn + i] ^ ak[i]);
        }
        byte[] amf = Arrays.copyOfRange(data, autn + 6, autn + 8);
        byte[] mac = Arrays.copyOfRange(data, autn + 8, autn + 16);
        if (!MessageDigest.isEqual(Arrays.copyOf(aka.f1(rand, sqn, amf), MAC_LENGTH), mac)) {
            throw new StatusWordException(StatusWord.MAC_FAILURE);
        }
        long sqnValue = toLong(sqn);
        if (sqnCheck && !freshness.isFresh(sqnValue)) {
            return synchronisationFailure(rand);
        }
        remember(sqnValue);
        boolean kc = withKc && convertible(out);
        int length = 1 + (1 + out.res().length) + (1 + out.ck().length) + (1 + out.ik().length) + (kc ? 1 + 8 : 0);
        byte[] answer = new byte[length];
        answer[0] = (byte) 0xDB;
        int at = put(answer, 1, out.res());
        at = put(answer, at, out.ck());
        at = put(answer, at, out.ik());
        if (kc) {
            put(answer, at, GsmConversion.c3(out.ck(), out.ik()));
        }
        return answer;
    }

    /** AUTS = (SQN_MS ⊕ f5*(RAND)) ‖ f1*(RAND, SQN_MS, AMF = 0000), TS 33.102 §6.3.3. */
    private byte[] synchronisationFailure(byte[] rand) {
        byte[] sqnMs = toBytes(freshness.highestAccepted());
        byte[] macS = aka.f1star(rand, sqnMs, RESYNC_AMF);
        byte[] akStar = aka.f5star(rand);
        byte[] answer = new byte[2 + 14];
        answer[0] = (byte) 0xDC;
        answer[1] = 14;
        for (int i = 0; i < 6; i++) {
            answer[2 + i] = (byte) (sqnMs[i] ^ akStar[i]);
        }
        System.arraycopy(macS, 0, answer, 8, MAC_LENGTH);
        return answer;
    }

    private byte[] gsm(byte[] data) throws StatusWordException {
        if (data.length != 1 + RAND_LENGTH || data[0] != RAND_LENGTH) {
            throw new StatusWordException(StatusWord.WRONG_LENGTH);
        }
        AkaOutput out = aka.f2345(Arrays.copyOfRange(data, 1, 1 + RAND_LENGTH));
        if (!convertible(out)) {
            throw new StatusWordException(StatusWord.CONTEXT_NOT_SUPPORTED);
        }
        byte[] answer = new byte[1 + 4 + 1 + 8];
        int at = put(answer, 0, GsmConversion.c2(out.res()));
        put(answer, at, GsmConversion.c3(out.ck(), out.ik()));
        return answer;
    }

    /** Whether c2 and c3 are defined for these sizes: RES of at most 128 bits, CK and IK of 128. */
    private static boolean convertible(AkaOutput out) {
        return out.res().length <= GSM_CONVERSION_BYTES && out.ck().length == GSM_CONVERSION_BYTES
                && out.ik().length == GSM_CONVERSION_BYTES;
    }

    /** Records the SQN and makes it durable; if that fails the SQN is forgotten and nothing is answered. */
    private void remember(long sqn) throws StatusWordException {
        long previous = freshness.accept(sqn);
        if (previous < 0 || store == null) {
            return;
        }
        try {
            store.accepted(SqnFreshness.ind(sqn), SqnFreshness.seq(sqn), freshness.snapshot());
        } catch (IOException e) {
            freshness.undo(sqn, previous);
            log.error("simcard: cannot store the SQN state in {}, refusing AUTHENTICATE: {}", store, e.toString());
            throw new StatusWordException(StatusWord.MEMORY_PROBLEM);
        }
    }

    /** Writes {@code L value} at {@code at} and returns the position after it. */
    private static int put(byte[] target, int at, byte[] value) {
        target[at] = (byte) value.length;
        System.arraycopy(value, 0, target, at + 1, value.length);
        return at + 1 + value.length;
    }

    static long toLong(byte[] sqn) {
        long v = 0;
        for (byte b : sqn) {
            v = (v << 8) | (b & 0xff);
        }
        return v;
    }

    static byte[] toBytes(long sqn) {
        byte[] b = new byte[6];
        for (int i = 5; i >= 0; i--) {
            b[i] = (byte) sqn;
            sqn >>>= 8;
        }
        return b;
    }
}
