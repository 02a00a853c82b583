package org.simgate.transport.simcard;

import java.io.IOException;
import java.util.Arrays;
import org.simgate.transport.simcard.CardFile.Dedicated;
import org.simgate.transport.simcard.CardFile.Elementary;
import org.simgate.transport.simcard.CardFile.LinearFixed;
import org.simgate.transport.simcard.CardFile.Transparent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A software UICC with a USIM and an ISIM that answers C-APDUs the way a real T=0 card does, so
 * that everything above the card, procedure-byte handling included, runs unchanged against it.
 *
 * <p>What it speaks (basic logical channel only; CLA 00, and 80 for STATUS; anything else 6E00):
 * <ul>
 * <li>SELECT (A4) by FID (P1 00; 3F00 = MF, 7FFF = current ADF), by DF name (04; a right-truncated
 *     AID selects the first application it starts), by path from the MF (08) or the current DF (09).
 *     P2 04 returns the FCP, P2 0C nothing; the FCP comes T=0 style: {@code 61 xx}, then GET RESPONSE.
 * <li>READ BINARY (B0) and READ RECORD (B2, absolute mode P2 = 04 or SFI&lt;&lt;3|04), also by SFI. Le 00
 *     reads what is there (up to 256 bytes); a non-zero Le that does not fit, or no Le at all, is
 *     answered {@code 6C xx} with the right length.
 * <li>GET RESPONSE (C0, CLA 00 or the 80 of a preceding STATUS): the data a command left pending; a
 *     smaller Le takes part of it and leaves {@code 61 xx} for the rest, a larger one gets {@code 6C xx}.
 *     Any other command drops pending data.
 * <li>STATUS (80 F2): P2 00 the current DF's FCP, 01 the current application's DF name, 0C nothing.
 * <li>AUTHENTICATE (88) in the current ADF, see {@link Authentication}; the answer comes as {@code 61 xx}.
 * </ul>
 *
 * <p>The SQN memory (TS 33.102 Annex C.3.2: the highest SEQ accepted for each of the 32 IND values)
 * lives in the profile's state file if it has one: a three-line text file,
 * <pre>
 * simgate-sqn-state 1
 * seq 00000000001 00000000000 …   32 SEQ values for IND 0..31, 11 hex digits each
 * crc32 1a2b3c4d                  CRC-32 of the two lines above, newlines included
 * </pre>
 * rewritten atomically (temp file, fsync, rename, fsync of the directory) before an AUTHENTICATE
 * that accepted a new SQN is answered. If that write fails the SQN is not accepted and the answer is
 * 6581 (memory problem). Each accepted SQN thus costs a durable write: the file is for cards that must
 * survive restarts, the in-memory card (no state file) for speed.
 *
 * <p>{@link #process} never throws: a malformed APDU, an unexpected state or a bug inside the card
 * all end in a status word (6F00 as the last resort), as a real card answers whatever it receives.
 * Only a {@link VirtualMachineError} passes: then the JVM, not the card, is in trouble.
 *
 * <p>Not thread-safe: one slot drives one card from one thread.
 */
public final class SoftUicc {
    private static final Logger log = LoggerFactory.getLogger(SoftUicc.class);
    private static final int CLA_ISO = 0x00;
    private static final int CLA_PROPRIETARY = 0x80;
    private static final int INS_SELECT = 0xA4;
    private static final int INS_READ_BINARY = 0xB0;
    private static final int INS_READ_RECORD = 0xB2;
    private static final int INS_GET_RESPONSE = 0xC0;
    private static final int INS_STATUS = 0xF2;
    private static final int INS_AUTHENTICATE = 0x88;
    private static final int MAX_SHORT_LE = 256;

    private final FileTree files;
    private final FileSelection selection;
    private final Authentication authentication;
    /** Null: the SQN memory is in this process only. */
    private final SqnStateFile stateFile;
    /** Data waiting for GET RESPONSE, or null. */
    private byte[] pending;

    /**
     * A card as the profile describes it, with its SQN memory loaded from the profile's state file
     * (created if missing).
     *
     * @throws IOException the state file exists but cannot be read or is corrupt, or cannot be created;
     *                     the message names the file
     */
    public SoftUicc(SimcardProfile profile) throws IOException {
        this(profile, false);
    }

    /**
     * As {@link #SoftUicc(SimcardProfile)}; with {@code lockStateFile} the card first takes its state
     * file for itself ({@link #releaseStateFile}, {@link #reclaimStateFile}), so that no other card or
     * process can use it at the same time.
     *
     * @throws IOException as above, or the state file is locked by another card or process
     */
    SoftUicc(SimcardProfile profile, boolean lockStateFile) throws IOException {
        this.files = FileTree.of(profile);
        this.selection = new FileSelection(files);
        SqnStateFile stateFile = profile.stateFile() == null ? null : SqnStateFile.open(profile.stateFile());
        if (stateFile != null && lockStateFile) {
            stateFile.lock();
        }
        this.stateFile = stateFile;
        long[] seq;
        try {
            seq = stateFile == null ? new long[SqnFreshness.IND_VALUES] : stateFile.loadOrCreate();
        } catch (IOException e) {
            releaseStateFile();
            throw e;
        }
        this.authentication = new Authentication(profile.keys().algorithm(), new SqnFreshness(seq),
                stateFile, profile.sqnCheck(), profile.kcInAuthResponse());
    }

    /**
     * A card as the profile describes it (its state file ignored), whose SQN memory starts as
     * {@code seqByInd} (32 SEQ values, one per IND; null for a fresh card) and goes to {@code store}
     * whenever it accepts a new SQN: for cards whose memory lives elsewhere, many in one store.
     */
    public SoftUicc(SimcardProfile profile, long[] seqByInd, SqnStore store) {
        this.files = FileTree.of(profile);
        this.selection = new FileSelection(files);
        this.stateFile = null;
        this.authentication = new Authentication(profile.keys().algorithm(),
                new SqnFreshness(seqByInd == null ? new long[SqnFreshness.IND_VALUES] : seqByInd), store,
                profile.sqnCheck(), profile.kcInAuthResponse());
    }

    /** Lets the state file go (the card's slot closes); nothing is stored until {@link #reclaimStateFile}. */
    void releaseStateFile() {
        if (stateFile != null) {
            stateFile.unlock();
        }
    }

    /** Takes the state file again; see {@link SqnStateFile#lock()}. */
    void reclaimStateFile() throws IOException {
        if (stateFile != null) {
            stateFile.lock();
        }
    }

    /** Back to the state after power-up: MF selected, no application active, nothing pending. The SQN memory stays. */
    public void reset() {
        selection.reset();
        pending = null;
    }

    /** Answers one C-APDU with an R-APDU (data, then SW1 SW2); never throws, never returns fewer than 2 bytes. */
    public byte[] process(byte[] command) {
        byte[] held = pending;
        pending = null;
        try {
            return dispatch(command, held);
        } catch (StatusWordException e) {
            return statusOnly(e.statusWord());
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            // a bug in the card: say so in the log (never the APDU, it may carry keys' outputs) and answer like a card
            log.error("simcard: internal error on INS {}", insName(command), e);
            return statusOnly(StatusWord.TECHNICAL_PROBLEM);
        }
    }

    private byte[] dispatch(byte[] command, byte[] held) throws StatusWordException {
        if (command == null || command.length < 4) {
            throw new StatusWordException(StatusWord.WRONG_LENGTH);
        }
        int cla = command[0] & 0xff;
        if (cla != CLA_ISO && cla != CLA_PROPRIETARY) {
            throw new StatusWordException(StatusWord.CLA_NOT_SUPPORTED);
        }
        int ins = command[1] & 0xff;
        switch (ins) {
            case INS_SELECT:
                requireCla(cla, CLA_ISO);
                return select(CommandApdu.parse(command));
            case INS_READ_BINARY:
                requireCla(cla, CLA_ISO);
                return readBinary(CommandApdu.parse(command));
            case INS_READ_RECORD:
                requireCla(cla, CLA_ISO);
                return readRecord(CommandApdu.parse(command));
            case INS_GET_RESPONSE:
                // the CLA of the command that left the data, as T=0 terminals send it
                return getResponse(CommandApdu.parse(command), held);
            case INS_STATUS:
                requireCla(cla, CLA_PROPRIETARY);
                return statusCommand(CommandApdu.parse(command));
            case INS_AUTHENTICATE:
                requireCla(cla, CLA_ISO);
                return offer(authentication.authenticate(selection.currentDf(), CommandApdu.parse(command)));
            default:
                throw new StatusWordException(StatusWord.INS_NOT_SUPPORTED);
        }
    }

    private byte[] select(CommandApdu c) throws StatusWordException {
        if (c.p2() != 0x04 && c.p2() != 0x0C) {
            throw new StatusWordException(StatusWord.WRONG_P1_P2);
        }
        byte[] data = c.data();
        CardFile file;
        switch (c.p1()) {
            case 0x00:
                if (data.length == 0) {
                    file = selection.selectByFid(FileTree.MF); // ISO 7816-4: no identifier selects the MF
                } else if (data.length == 2) {
                    file = selection.selectByFid(((data[0] & 0xff) << 8) | (data[1] & 0xff));
                } else {
                    throw new StatusWordException(StatusWord.WRONG_LENGTH);
                }
                break;
            case 0x04:
                if (data.length == 0 || data.length > 16) {
                    throw new StatusWordException(StatusWord.WRONG_LENGTH);
                }
                file = selection.selectByAid(data);
                break;
            case 0x08:
            case 0x09:
                if (data.length == 0 || data.length % 2 != 0) {
                    throw new StatusWordException(StatusWord.WRONG_LENGTH);
                }
                file = selection.selectByPath(data, c.p1() == 0x08);
                break;
            default:
                throw new StatusWordException(StatusWord.WRONG_P1_P2);
        }
        return c.p2() == 0x0C ? statusOnly(StatusWord.OK) : offer(FcpTemplate.of(file, files));
    }

    private byte[] readBinary(CommandApdu c) throws StatusWordException {
        if (c.hasData()) {
            throw new StatusWordException(StatusWord.WRONG_LENGTH);
        }
        Elementary ef;
        int offset;
        if ((c.p1() & 0x80) != 0) {
            // P1 = 100x xxxx: an SFI, and the offset is P2 alone
            if ((c.p1() & 0x60) != 0) {
                throw new StatusWordException(StatusWord.WRONG_P1_P2);
            }
            ef = selection.selectBySfi(c.p1() & 0x1F);
            offset = c.p2();
        } else {
            ef = requireCurrentEf();
            offset = (c.p1() << 8) | c.p2();
        }
        if (!(ef instanceof Transparent file)) {
            throw new StatusWordException(StatusWord.INCOMPATIBLE_FILE_STRUCTURE);
        }
        int remaining = file.size() - offset;
        if (remaining <= 0) {
            throw new StatusWordException(StatusWord.WRONG_OFFSET);
        }
        int available = Math.min(remaining, MAX_SHORT_LE);
        int length = expectedLength(c, available);
        return respond(Arrays.copyOfRange(file.content(), offset, offset + length));
    }

    private byte[] readRecord(CommandApdu c) throws StatusWordException {
        if (c.hasData()) {
            throw new StatusWordException(StatusWord.WRONG_LENGTH);
        }
        int sfi = c.p2() >>> 3;
        if ((c.p2() & 0x07) != 0x04 || sfi == 0x1F || c.p1() == 0) {
            // only absolute addressing with an explicit record number
            throw new StatusWordException(StatusWord.WRONG_P1_P2);
        }
        Elementary ef = sfi == 0 ? requireCurrentEf() : selection.selectBySfi(sfi);
        if (!(ef instanceof LinearFixed file)) {
            throw new StatusWordException(StatusWord.INCOMPATIBLE_FILE_STRUCTURE);
        }
        if (c.p1() > file.records().size()) {
            throw new StatusWordException(StatusWord.RECORD_NOT_FOUND);
        }
        // a record is read whole: any Le but 00 or its length is wrong
        if (!c.hasLe() || (c.le() != 0 && c.le() != file.recordLength())) {
            throw new StatusWordException(StatusWord.withLength(StatusWord.WRONG_LE, file.recordLength()));
        }
        return respond(file.records().get(c.p1() - 1).clone());
    }

    private byte[] getResponse(CommandApdu c, byte[] held) throws StatusWordException {
        if (c.p1() != 0 || c.p2() != 0) {
            throw new StatusWordException(StatusWord.WRONG_P1_P2);
        }
        if (c.hasData()) {
            throw new StatusWordException(StatusWord.WRONG_LENGTH);
        }
        if (held == null) {
            throw new StatusWordException(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        int available = Math.min(held.length, MAX_SHORT_LE);
        int length = !c.hasLe() || c.le() == 0 ? available : c.le();
        if (length > held.length) {
            pending = held; // the terminal retries with the right Le
            throw new StatusWordException(StatusWord.withLength(StatusWord.WRONG_LE, available));
        }
        byte[] data = Arrays.copyOf(held, length);
        if (length == held.length) {
            return respond(data);
        }
        pending = Arrays.copyOfRange(held, length, held.length);
        byte[] answer = Arrays.copyOf(data, length + 2);
        answer[length] = (byte) 0x61;
        answer[length + 1] = (byte) Math.min(pending.length, MAX_SHORT_LE);
        return answer;
    }

    private byte[] statusCommand(CommandApdu c) throws StatusWordException {
        if (c.p1() > 0x02) {
            throw new StatusWordException(StatusWord.WRONG_P1_P2);
        }
        if (c.hasData()) {
            throw new StatusWordException(StatusWord.WRONG_LENGTH);
        }
        byte[] data;
        switch (c.p2()) {
            case 0x00:
                data = FcpTemplate.of(selection.currentDf(), files);
                break;
            case 0x01:
                Dedicated adf = selection.currentAdf();
                if (adf == null) {
                    throw new StatusWordException(StatusWord.CONDITIONS_NOT_SATISFIED);
                }
                data = Tlv.of(0x84, adf.application().aid());
                break;
            case 0x0C:
                return statusOnly(StatusWord.OK);
            default:
                throw new StatusWordException(StatusWord.WRONG_P1_P2);
        }
        if (!c.hasLe()) {
            return offer(data);
        }
        if (c.le() != 0 && c.le() != data.length) {
            throw new StatusWordException(StatusWord.withLength(StatusWord.WRONG_LE, data.length));
        }
        return respond(data);
    }

    private Elementary requireCurrentEf() throws StatusWordException {
        Elementary ef = selection.currentEf();
        if (ef == null) {
            throw new StatusWordException(StatusWord.NO_CURRENT_EF);
        }
        return ef;
    }

    /** Le 00 takes what is available; absent or larger than available is answered 6Cxx. */
    private static int expectedLength(CommandApdu c, int available) throws StatusWordException {
        if (c.hasLe() && c.le() == 0) {
            return available;
        }
        if (!c.hasLe() || c.le() > available) {
            throw new StatusWordException(StatusWord.withLength(StatusWord.WRONG_LE, available));
        }
        return c.le();
    }

    private static void requireCla(int cla, int expected) throws StatusWordException {
        if (cla != expected) {
            throw new StatusWordException(StatusWord.CLA_NOT_SUPPORTED);
        }
    }

    /** T=0: data is not sent with the answer; the terminal is told how much waits for GET RESPONSE. */
    private byte[] offer(byte[] data) {
        if (data.length == 0) {
            return statusOnly(StatusWord.OK);
        }
        pending = data;
        return statusOnly(StatusWord.withLength(StatusWord.BYTES_AVAILABLE, Math.min(data.length, MAX_SHORT_LE)));
    }

    private static byte[] respond(byte[] data) {
        byte[] answer = Arrays.copyOf(data, data.length + 2);
        answer[data.length] = (byte) 0x90;
        return answer;
    }

    private static byte[] statusOnly(int sw) {
        return new byte[] {(byte) (sw >>> 8), (byte) sw};
    }

    private static String insName(byte[] command) {
        return command != null && command.length > 1 ? String.format("%02X", command[1] & 0xff) : "?";
    }
}
