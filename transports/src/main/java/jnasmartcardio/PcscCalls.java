package jnasmartcardio;

import com.sun.jna.Structure;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jnasmartcardio.Winscard.Dword;
import jnasmartcardio.Winscard.DwordByReference;
import jnasmartcardio.Winscard.SCardContext;
import jnasmartcardio.Winscard.SCardHandle;
import jnasmartcardio.Winscard.SCardReaderState;
import jnasmartcardio.Winscard.ScardIoRequest;

/**
 * The raw PC/SC calls simgate's {@code pcsc} transport needs, through jnasmartcardio's own JNA
 * binding ({@link Winscard}), with plain Java types in and out.
 *
 * <p>Why this class sits in jnasmartcardio's package: the binding is package-private there, and its
 * public {@code javax.smartcardio} face is unusable for a passthrough. {@code CardChannel.transmit}
 * rewrites the CLA's logical-channel bits to the channel object's number and runs its own 61xx/6Cxx
 * loop; simgate handles procedure bytes once, above every transport, and raw clients own their
 * channels. What is reused from jnasmartcardio is what is easy to get wrong: the DWORD width of
 * pcsc-lite (a C long), the SCARD_READERSTATE layout per platform, and the SCARD_PCI_T0/T1 globals.
 *
 * <p>Every method is one PC/SC call. pcsc-lite serialises calls on one context, so a caller that
 * waits in {@link #getStatusChange} uses a context of its own. Errors are {@link PcscError}s with
 * the PC/SC code; their messages name the call and the code, never APDU contents.
 */
public final class PcscCalls {
    public static final int SCARD_SCOPE_SYSTEM = 2;
    public static final int SCARD_SHARE_EXCLUSIVE = 1;
    public static final int SCARD_SHARE_SHARED = 2;
    public static final int SCARD_PROTOCOL_T0 = 1;
    public static final int SCARD_PROTOCOL_T1 = 2;
    public static final int SCARD_LEAVE_CARD = 0;
    public static final int SCARD_RESET_CARD = 1;
    public static final int SCARD_UNPOWER_CARD = 2;

    public static final int SCARD_STATE_UNAWARE = 0x0000;
    public static final int SCARD_STATE_CHANGED = 0x0002;
    public static final int SCARD_STATE_UNKNOWN = 0x0004;
    public static final int SCARD_STATE_UNAVAILABLE = 0x0008;
    public static final int SCARD_STATE_EMPTY = 0x0010;
    public static final int SCARD_STATE_PRESENT = 0x0020;
    public static final int SCARD_STATE_MUTE = 0x0200;

    /** SCardStatus's card state bits (pcsc-lite): the card is in the reader. */
    public static final int SCARD_ABSENT = 0x0002;
    public static final int SCARD_PRESENT = 0x0004;

    /** The pseudo-reader whose state changes when a reader is added or removed. */
    public static final String PNP_NOTIFICATION = "\\\\?PnP?\\Notification";

    public static final int SCARD_E_CANCELLED = WinscardConstants.SCARD_E_CANCELLED;
    public static final int SCARD_E_INVALID_HANDLE = WinscardConstants.SCARD_E_INVALID_HANDLE;
    public static final int SCARD_E_UNKNOWN_READER = WinscardConstants.SCARD_E_UNKNOWN_READER;
    public static final int SCARD_E_TIMEOUT = WinscardConstants.SCARD_E_TIMEOUT;
    public static final int SCARD_E_SHARING_VIOLATION = WinscardConstants.SCARD_E_SHARING_VIOLATION;
    public static final int SCARD_E_NO_SMARTCARD = WinscardConstants.SCARD_E_NO_SMARTCARD;
    public static final int SCARD_E_PROTO_MISMATCH = WinscardConstants.SCARD_E_PROTO_MISMATCH;
    public static final int SCARD_E_NOT_READY = WinscardConstants.SCARD_E_NOT_READY;
    public static final int SCARD_F_COMM_ERROR = WinscardConstants.SCARD_F_COMM_ERROR;
    public static final int SCARD_E_NOT_TRANSACTED = WinscardConstants.SCARD_E_NOT_TRANSACTED;
    public static final int SCARD_E_READER_UNAVAILABLE = WinscardConstants.SCARD_E_READER_UNAVAILABLE;
    public static final int SCARD_E_NO_SERVICE = WinscardConstants.SCARD_E_NO_SERVICE;
    public static final int SCARD_E_SERVICE_STOPPED = WinscardConstants.SCARD_E_SERVICE_STOPPED;
    public static final int SCARD_E_INVALID_VALUE = WinscardConstants.SCARD_E_INVALID_VALUE;
    public static final int SCARD_E_NO_READERS_AVAILABLE = WinscardConstants.SCARD_E_NO_READERS_AVAILABLE;
    public static final int SCARD_W_UNRESPONSIVE_CARD = WinscardConstants.SCARD_W_UNRESPONSIVE_CARD;
    public static final int SCARD_W_UNPOWERED_CARD = WinscardConstants.SCARD_W_UNPOWERED_CARD;
    public static final int SCARD_W_RESET_CARD = WinscardConstants.SCARD_W_RESET_CARD;
    public static final int SCARD_W_REMOVED_CARD = WinscardConstants.SCARD_W_REMOVED_CARD;
    /**
     * What pcsc-lite's client library makes of ECONNRESET on its socket to pcscd: pcscd died with a
     * request of ours unread, or closed the connection at once (polkit refused the user).
     */
    public static final int SCARD_W_SECURITY_VIOLATION = WinscardConstants.SCARD_W_SECURITY_VIOLATION;

    /** An extended R-APDU (65536 data bytes) and its status word. */
    private static final int MAX_RESPONSE = 65536 + 2;
    /** An extended C-APDU: header, 3-byte Lc, 65535 data bytes, 2-byte Le. */
    private static final int MAX_COMMAND = 4 + 3 + 65535 + 2;
    private static final int MAX_ATR = 33;

    private static volatile PcscCalls loaded;

    private final Winscard.WinscardLibInfo lib;

    private PcscCalls(Winscard.WinscardLibInfo lib) {
        this.lib = lib;
    }

    /**
     * The PC/SC library of this host (libpcsclite.so.1 on Linux), loaded once.
     *
     * @throws UnsatisfiedLinkError when the library is not installed
     */
    public static PcscCalls load() {
        PcscCalls calls = loaded;
        if (calls == null) {
            synchronized (PcscCalls.class) {
                if (loaded == null) {
                    loaded = new PcscCalls(Winscard.openLib());
                }
                calls = loaded;
            }
        }
        return calls;
    }

    /** A PC/SC call failed; {@link #code} is the SCARD_E_/SCARD_W_/SCARD_F_ value. */
    public static final class PcscError extends Exception {
        private final int code;

        PcscError(String call, int code) {
            super(call + ": " + describe(code), null, false, false);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    /** E.g. {@code SCARD_W_REMOVED_CARD (0x80100069)}. */
    public static String describe(int code) {
        String name = WinscardConstants.ERROR_TO_VARIABLE_NAME.get(code);
        return (name != null ? name : "PC/SC error") + String.format(" (0x%08X)", code);
    }

    /** A connection to a card: its handle and the protocol in use (T=0 or T=1). */
    public record Connection(long handle, int protocol) {
    }

    /** What {@link #status} tells of a connected card. */
    public record CardStatus(int state, int protocol, byte[] atr) {
    }

    /** One reader as {@link #getStatusChange} reports it: the SCARD_STATE_ bits (event counter in the high 16). */
    public record ReaderState(String reader, int eventState, byte[] atr) {
        public boolean present() {
            return (eventState & SCARD_STATE_PRESENT) != 0;
        }

        /** pcsc-lite counts card insertions and removals in the high 16 bits. */
        public int eventCount() {
            return eventState >>> 16;
        }
    }

    public long establishContext() throws PcscError {
        Winscard.SCardContextByReference context = new Winscard.SCardContextByReference();
        check("SCardEstablishContext", lib.lib.SCardEstablishContext(new Dword(SCARD_SCOPE_SYSTEM), null, null, context));
        return context.getValue().longValue();
    }

    /** Releases a context; a dead one (pcscd gone) is not an error worth reporting. */
    public void releaseContext(long context) {
        lib.lib.SCardReleaseContext(new SCardContext(context));
    }

    /** Whether the context still reaches pcscd. */
    public boolean isValidContext(long context) {
        return code(lib.lib.SCardIsValidContext(new SCardContext(context))) == 0;
    }

    /** The readers in PC/SC order; none is an empty list, not an error. */
    public List<String> listReaders(long context) throws PcscError {
        SCardContext ctx = new SCardContext(context);
        for (int attempt = 0; attempt < 4; attempt++) {
            DwordByReference length = new DwordByReference();
            int rc = code(lib.lib.SCardListReaders(ctx, null, null, length));
            if (rc == SCARD_E_NO_READERS_AVAILABLE) {
                return List.of();
            }
            check("SCardListReaders", rc);
            byte[] names = new byte[length.getValue().intValue()];
            rc = code(lib.lib.SCardListReaders(ctx, null, ByteBuffer.wrap(names), length));
            if (rc == WinscardConstants.SCARD_E_INSUFFICIENT_BUFFER) {
                continue; // a reader arrived between the two calls
            }
            if (rc == SCARD_E_NO_READERS_AVAILABLE) {
                return List.of();
            }
            check("SCardListReaders", rc);
            return multiString(names, length.getValue().intValue());
        }
        throw new PcscError("SCardListReaders", WinscardConstants.SCARD_E_INSUFFICIENT_BUFFER);
    }

    public Connection connect(long context, String reader, int shareMode, int protocols) throws PcscError {
        Winscard.SCardHandleByReference handle = new Winscard.SCardHandleByReference();
        DwordByReference active = new DwordByReference();
        check("SCardConnect", lib.lib.SCardConnect(new SCardContext(context), reader, new Dword(shareMode),
                new Dword(protocols), handle, active));
        return new Connection(handle.getValue().longValue(), active.getValue().intValue());
    }

    /** Re-establishes a connection, resetting or unpowering the card as {@code initialization} says; answers the protocol. */
    public int reconnect(long handle, int shareMode, int protocols, int initialization) throws PcscError {
        DwordByReference active = new DwordByReference();
        check("SCardReconnect", lib.lib.SCardReconnect(new SCardHandle(handle), new Dword(shareMode), new Dword(protocols),
                new Dword(initialization), active));
        return active.getValue().intValue();
    }

    /** Disconnects; a card or daemon already gone is not an error worth reporting, so the code is returned. */
    public int disconnect(long handle, int disposition) {
        return code(lib.lib.SCardDisconnect(new SCardHandle(handle), new Dword(disposition)));
    }

    public void beginTransaction(long handle) throws PcscError {
        check("SCardBeginTransaction", lib.lib.SCardBeginTransaction(new SCardHandle(handle)));
    }

    public void endTransaction(long handle, int disposition) throws PcscError {
        check("SCardEndTransaction", lib.lib.SCardEndTransaction(new SCardHandle(handle), new Dword(disposition)));
    }

    public CardStatus status(long handle) throws PcscError {
        DwordByReference readerLength = new DwordByReference();
        DwordByReference state = new DwordByReference();
        DwordByReference protocol = new DwordByReference();
        ByteBuffer atr = ByteBuffer.allocate(MAX_ATR);
        DwordByReference atrLength = new DwordByReference(new Dword(MAX_ATR));
        check("SCardStatus", lib.lib.SCardStatus(new SCardHandle(handle), null, readerLength, state, protocol, atr,
                atrLength));
        byte[] bytes = new byte[Math.min(MAX_ATR, atrLength.getValue().intValue())];
        atr.get(bytes);
        return new CardStatus(state.getValue().intValue(), protocol.getValue().intValue(), bytes);
    }

    /**
     * SCardTransmit, nothing more: the command goes out as given (CLA untouched) and the answer comes
     * back as the card gave it, 61xx and 6Cxx included.
     */
    public byte[] transmit(long handle, int protocol, byte[] command) throws PcscError {
        if (command.length > MAX_COMMAND) {
            throw new PcscError("SCardTransmit", SCARD_E_INVALID_VALUE);
        }
        ScardIoRequest pci = protocol == SCARD_PROTOCOL_T1 ? lib.SCARD_PCI_T1 : lib.SCARD_PCI_T0;
        Buffers buffers = BUFFERS.get();
        buffers.command.clear();
        buffers.command.put(command).flip();
        buffers.response.clear();
        DwordByReference responseLength = new DwordByReference(new Dword(MAX_RESPONSE));
        check("SCardTransmit", lib.lib.SCardTransmit(new SCardHandle(handle), pci, buffers.command,
                new Dword(command.length), null, buffers.response, responseLength));
        byte[] answer = new byte[Math.min(MAX_RESPONSE, responseLength.getValue().intValue())];
        buffers.response.get(answer);
        return answer;
    }

    /**
     * Native buffers for SCardTransmit, one pair per thread (a slot's thread): JNA hands a direct
     * buffer's address to the library as it is, where a heap buffer of the same 64 KiB would be
     * allocated and copied in and out on every APDU.
     */
    private static final class Buffers {
        final ByteBuffer command = ByteBuffer.allocateDirect(MAX_COMMAND);
        final ByteBuffer response = ByteBuffer.allocateDirect(MAX_RESPONSE);
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /**
     * SCardGetStatusChange on {@code readers}, each with the state the caller last saw, waiting at most
     * {@code timeoutMillis}. Answers null on timeout (nothing changed).
     */
    public List<ReaderState> getStatusChange(long context, long timeoutMillis, List<String> readers, int[] currentStates)
            throws PcscError {
        SCardReaderState[] states = new SCardReaderState[readers.size()];
        new SCardReaderState().toArray((Structure[]) states); // one contiguous native array, as the C API wants
        for (int i = 0; i < states.length; i++) {
            states[i].szReader = readers.get(i);
            states[i].dwCurrentState = new Dword(currentStates[i] & 0xffffffffL);
        }
        int rc = code(lib.lib.SCardGetStatusChange(new SCardContext(context), new Dword(timeoutMillis), states,
                new Dword(states.length)));
        if (rc == SCARD_E_TIMEOUT) {
            return null;
        }
        check("SCardGetStatusChange", rc);
        List<ReaderState> answer = new ArrayList<>(states.length);
        for (SCardReaderState state : states) {
            int atrLength = Math.min(MAX_ATR, Math.max(0, state.cbAtr.intValue()));
            byte[] atr = new byte[atrLength];
            System.arraycopy(state.rgbAtr, 0, atr, 0, atrLength);
            answer.add(new ReaderState(state.szReader, state.dwEventState.intValue(), atr));
        }
        return answer;
    }

    /** Ends a {@link #getStatusChange} waiting on {@code context}, from another thread. */
    public void cancel(long context) {
        lib.lib.SCardCancel(new SCardContext(context));
    }

    private static int code(Dword result) {
        return (int) result.longValue();
    }

    private static void check(String call, Dword result) throws PcscError {
        check(call, code(result));
    }

    private static void check(String call, int code) throws PcscError {
        if (code != 0) {
            throw new PcscError(call, code);
        }
    }

    private static List<String> multiString(byte[] bytes, int length) {
        List<String> names = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < Math.min(length, bytes.length); i++) {
            if (bytes[i] == 0) {
                if (i == from) {
                    break;
                }
                names.add(new String(bytes, from, i - from, StandardCharsets.UTF_8));
                from = i + 1;
            }
        }
        return names;
    }
}
