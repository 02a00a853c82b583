package org.simgate.transport.pcsc;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import jnasmartcardio.PcscCalls;
import jnasmartcardio.PcscCalls.PcscError;
import org.simgate.transport.CardTransport;
import org.simgate.transport.CardTransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A card in a PC/SC reader, through pcscd: the {@code pcsc} transport. Like pySim's
 * {@code PcscSimLink}, it sends the caller's bytes with a raw SCardTransmit and hands back the
 * card's answer unchanged (61xx, 6Cxx and the CLA's channel bits are the layers above's business),
 * for T=0 and T=1 cards alike.
 *
 * <p>The slot's reader is a regex that must match exactly one reader name, looked up afresh at each
 * connect, so a reader unplugged and plugged back (even as another USB device number), or a pcscd
 * restart, only costs the requests made while it was away. {@link #close} disconnects with a card
 * reset and releases the PC/SC context; a later {@link #connect} starts from scratch. It never waits
 * for a card that does not answer: the handle of a call stuck in the reader is released in the
 * background once the call returns.
 *
 * <p>Modes: {@code exclusive} (the default) connects with SCARD_SHARE_EXCLUSIVE, so no other PC/SC
 * application on the host can reach the card at all. {@code shared} lets them in between simgate's
 * work: each burst of simgate's APDUs runs inside SCardBeginTransaction/SCardEndTransaction, held
 * until simgate has sent nothing for {@link #TRANSACTION_HOLD_MILLIS}, so another application cannot
 * slip into an AKA sequence (SELECT, AUTHENTICATE, GET RESPONSE) that runs back to back.
 *
 * <p>Not thread-safe, like every transport: the slot's thread drives it. {@link #isPresent} and
 * {@link #describe} may be called from anywhere; presence comes from a {@link ReaderWatch} (its own
 * thread and PC/SC context) once {@link #startWatching} was called.
 */
public final class PcscTransport implements CardTransport {
    private static final Logger log = LoggerFactory.getLogger(PcscTransport.class);
    /** How long a shared-mode PC/SC transaction outlives simgate's last APDU. */
    static final long TRANSACTION_HOLD_MILLIS = 20;
    /** How long a failed APDU waits for pcscd to see whether the card left (it polls every ~400 ms). */
    private static final long REMOVAL_SETTLE_MILLIS = 600;
    /**
     * How long {@link #close} waits for a PC/SC call in progress: a transmit to a working card takes
     * milliseconds; beyond this the call is stuck and the handle is let go.
     */
    static final long CLOSE_WAIT_MILLIS = 250;
    /** The bound on each wait of the reader watch. */
    private static final long WATCH_WAIT_MILLIS = 1000;
    private static final int PROTOCOLS = PcscCalls.SCARD_PROTOCOL_T0 | PcscCalls.SCARD_PROTOCOL_T1;

    /** Ends shared-mode transactions left idle; one daemon thread for every pcsc slot. */
    private static final ScheduledExecutorService RELEASES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "pcsc-transactions");
        thread.setDaemon(true);
        return thread;
    });

    public enum Mode {
        EXCLUSIVE(PcscCalls.SCARD_SHARE_EXCLUSIVE),
        SHARED(PcscCalls.SCARD_SHARE_SHARED);

        final int shareMode;

        Mode(int shareMode) {
            this.shareMode = shareMode;
        }
    }

    private final PcscCalls calls;
    private final ReaderMatch match;
    private final Mode mode;
    /**
     * Held by the slot thread around each PC/SC call, by the transaction release and by close. Fair:
     * a closer waiting behind a stuck call gets it before the slot thread's next call.
     */
    private final ReentrantLock lock = new ReentrantLock(true);
    /** A closer waits for a stuck call to return. */
    private final AtomicBoolean closing = new AtomicBoolean();

    // slot thread (and the release, under lock)
    private long context;
    private volatile long handle;
    private volatile int protocol;
    private boolean inTransaction;
    private long lastTransmitNanos;
    /** One idle check at a time is pending (not one per APDU: each would wake the release thread). */
    private boolean releaseCheckPending;
    private volatile String reader;
    private volatile ReaderWatch watch;

    /**
     * @throws UnsatisfiedLinkError when the host has no PC/SC library (libpcsclite.so.1)
     */
    public PcscTransport(ReaderMatch match, Mode mode) {
        this(PcscCalls.load(), match, mode);
    }

    PcscTransport(PcscCalls calls, ReaderMatch match, Mode mode) {
        this.calls = calls;
        this.match = match;
        this.mode = mode;
    }

    /** The readers pcscd has now, in PC/SC order; for start-up checks and {@code simgate.pcsc.auto}. */
    public static List<String> readers() throws CardTransportException {
        PcscCalls calls = PcscCalls.load();
        long context;
        try {
            context = calls.establishContext();
        } catch (PcscError e) {
            throw down(e);
        }
        try {
            return calls.listReaders(context);
        } catch (PcscError e) {
            throw down(e);
        } finally {
            calls.releaseContext(context);
        }
    }

    /**
     * Starts watching the reader on a thread of its own; {@code onChange} hears of every card
     * insertion or removal, reader loss or return and pcscd stop or start, so the slot can look
     * again without waiting for a request. Stop it with {@link #stopWatching}, not {@link #close}:
     * the slot closes the transport on every failure and expects to connect it again.
     */
    public void startWatching(Consumer<ReaderChange> onChange) {
        startWatching(onChange, Map.of());
    }

    /** As {@link #startWatching(Consumer)}, with MDC entries set on the watch thread for its whole life. */
    public void startWatching(Consumer<ReaderChange> onChange, Map<String, String> logContext) {
        if (watch == null) {
            AtomicBoolean first = new AtomicBoolean(true);
            watch = new ReaderWatch(calls, match, WATCH_WAIT_MILLIS, logContext,
                    view -> onChange.accept(new ReaderChange(describe(view), view.present(), first.getAndSet(false))))
                    .start();
        }
    }

    public void stopWatching() {
        ReaderWatch w = watch;
        watch = null;
        if (w != null) {
            w.close();
        }
    }

    @Override
    public byte[] connect() throws CardTransportException {
        lock.lock();
        try {
            if (handle != 0) {
                try {
                    endTransaction();
                    protocol = calls.reconnect(handle, mode.shareMode, PROTOCOLS, PcscCalls.SCARD_RESET_CARD);
                    return calls.status(handle).atr();
                } catch (PcscError e) {
                    disconnect();
                    // the card may be another one now, or the daemon gone: start from scratch below
                }
            }
            if (context == 0) {
                try {
                    context = calls.establishContext();
                } catch (PcscError e) {
                    // without a context nothing of PC/SC works, whatever code says so: a dying pcscd
                    // answers SCARD_W_SECURITY_VIOLATION as often as SCARD_E_NO_SERVICE
                    throw down(e);
                }
            }
            ReaderMatch.Resolved resolved = match.resolve(calls.listReaders(context));
            if (!resolved.ok()) {
                throw new CardTransportException.TransportDown(resolved.problem());
            }
            reader = resolved.reader();
            PcscCalls.Connection connection = calls.connect(context, reader, mode.shareMode, PROTOCOLS);
            handle = connection.handle();
            protocol = connection.protocol();
            return calls.status(handle).atr();
        } catch (PcscError e) {
            throw failure(e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public byte[] transmit(byte[] command) throws CardTransportException {
        lock.lock();
        try {
            if (handle == 0) {
                throw new CardTransportException.TransportDown("pcsc transport is not connected");
            }
            if (mode == Mode.SHARED && !inTransaction) {
                calls.beginTransaction(handle);
                inTransaction = true;
            }
            byte[] answer = calls.transmit(handle, protocol, command);
            if (answer.length < 2) {
                // no status word: a reader driver's way of saying the card went away mid-APDU (vpcd)
                boolean gone = cardLeft();
                String where = "PC/SC reader '" + reader + "': ";
                release();
                throw gone ? new CardTransportException.NoCard(where + "the card was removed")
                        : new CardTransportException(where + "the card answered " + answer.length
                                + " byte(s), shorter than a status word");
            }
            if (inTransaction) {
                lastTransmitNanos = System.nanoTime();
                if (!releaseCheckPending) {
                    releaseCheckPending = true;
                    RELEASES.schedule(this::releaseIdleTransaction, TRANSACTION_HOLD_MILLIS, TimeUnit.MILLISECONDS);
                }
            }
            return answer;
        } catch (PcscError e) {
            throw failure(e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the shared-mode transaction once simgate has been quiet for the hold time; while it is
     * not, looks again when the hold would end. One such check is pending at a time.
     */
    private void releaseIdleTransaction() {
        long hold = TimeUnit.MILLISECONDS.toNanos(TRANSACTION_HOLD_MILLIS);
        if (!lock.tryLock()) {
            // the slot is sending (or closing): look again a hold later
            RELEASES.schedule(this::releaseIdleTransaction, hold, TimeUnit.NANOSECONDS);
            return;
        }
        try {
            long quiet = System.nanoTime() - lastTransmitNanos;
            if (inTransaction && quiet < hold) {
                RELEASES.schedule(this::releaseIdleTransaction, hold - quiet, TimeUnit.NANOSECONDS);
                return;
            }
            releaseCheckPending = false;
            endTransaction();
        } catch (PcscError e) {
            // the card or daemon went away; the slot's next call finds out and reconnects
        } finally {
            lock.unlock();
        }
    }

    private void endTransaction() throws PcscError {
        if (inTransaction) {
            inTransaction = false;
            calls.endTransaction(handle, PcscCalls.SCARD_LEAVE_CARD);
        }
    }

    @Override
    public boolean isPresent() {
        ReaderWatch w = watch;
        if (w != null) {
            return w.view().present();
        }
        return handle != 0;
    }

    /** The reader the slot uses (or its regex while none matched yet) and the mode. */
    @Override
    public String describe() {
        String name = reader;
        String t = protocolName();
        return "pcsc reader " + (name != null ? "'" + name + "'" : match.toString()) + " ("
                + mode.name().toLowerCase() + (t != null ? ", " + t : "") + ")";
    }

    /** T=0 or T=1 while connected, else null. */
    public String protocolName() {
        if (handle == 0) {
            return null;
        }
        return protocol == PcscCalls.SCARD_PROTOCOL_T1 ? "T=1" : "T=0";
    }

    private String describe(ReaderWatch.View view) {
        if (view.problem() != null) {
            return view.problem();
        }
        return "PC/SC reader '" + view.reader() + "': " + (view.present() ? "card present" : "no card");
    }

    /** The name of the reader the slot last connected to, or null. */
    public String readerName() {
        return reader;
    }

    /**
     * Disconnects (resetting the card, so the next user starts clean) and releases the PC/SC context.
     * Returns within {@link #CLOSE_WAIT_MILLIS} whatever the card does: see {@link #letGo}.
     */
    @Override
    public void close() {
        boolean locked;
        try {
            locked = lock.tryLock(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            locked = false;
        }
        if (!locked) {
            letGo();
            return;
        }
        try {
            release();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A PC/SC call of the slot thread is stuck (a card that does not answer an APDU), holding the
     * lock, and nothing from here can make it return: pcsc-lite's client waits for pcscd without a
     * deadline and pcscd waits for the reader; SCardCancel ends only SCardGetStatusChange, and
     * SCardDisconnect or SCardReleaseContext on the stuck call's context wait for the mutex that
     * call holds. So the handle is let go: a daemon thread takes the lock once the call returns (the
     * card answered or left, the reader or pcscd went away) and releases the handle and context then.
     * The lock is fair, so the slot thread cannot send the card anything more before that.
     */
    private void letGo() {
        if (!closing.compareAndSet(false, true)) {
            return; // a closer already waits
        }
        log.warn("{}: a PC/SC call does not return (the card or reader does not answer); closing without waiting "
                + "for it: the card is released when the call returns", describe());
        Thread closer = new Thread(() -> {
            lock.lock();
            try {
                release();
            } finally {
                closing.set(false);
                lock.unlock();
            }
        }, "pcsc-close " + match);
        closer.setDaemon(true);
        closer.start();
    }

    private void release() {
        disconnect();
        if (context != 0) {
            calls.releaseContext(context);
            context = 0;
        }
    }

    private void disconnect() {
        if (handle != 0) {
            if (inTransaction) {
                inTransaction = false;
                try {
                    calls.endTransaction(handle, PcscCalls.SCARD_LEAVE_CARD);
                } catch (PcscError e) {
                    // gone with the card
                }
            }
            calls.disconnect(handle, PcscCalls.SCARD_RESET_CARD);
            handle = 0;
        }
    }

    /**
     * What a PC/SC error means for the slot. The card and the context are let go whatever it was (a
     * dead daemon invalidates the context too): the next connect starts from scratch, which costs a
     * millisecond and only after a failure.
     */
    private CardTransportException failure(PcscError e) {
        boolean ambiguous = e.code() == PcscCalls.SCARD_E_NOT_TRANSACTED || e.code() == PcscCalls.SCARD_F_COMM_ERROR;
        boolean cardGone = ambiguous && handle != 0 && cardLeft();
        release();
        if (cardGone) {
            return new CardTransportException.NoCard((reader != null ? "PC/SC reader '" + reader + "': " : "")
                    + "the card was removed (" + e.getMessage() + ")");
        }
        String where = reader != null ? "PC/SC reader '" + reader + "': " : "";
        switch (e.code()) {
            case PcscCalls.SCARD_E_NO_SMARTCARD, PcscCalls.SCARD_W_REMOVED_CARD:
                return new CardTransportException.NoCard(where + "no card (" + e.getMessage() + ")");
            case PcscCalls.SCARD_E_TIMEOUT:
                return new CardTransportException.Timeout(where + e.getMessage());
            case PcscCalls.SCARD_E_SHARING_VIOLATION:
                return new CardTransportException.TransportDown(where + "the card is in use by another PC/SC application ("
                        + e.getMessage() + ")");
            case PcscCalls.SCARD_W_SECURITY_VIOLATION:
                // ECONNRESET from pcscd's socket: it died with our request unread (mid-APDU), or
                // closed the connection at once (polkit)
                return new CardTransportException.TransportDown(where + "pcscd closed the connection ("
                        + e.getMessage() + "): it stopped, or it refuses this user (polkit)");
            case PcscCalls.SCARD_E_NO_SERVICE, PcscCalls.SCARD_E_SERVICE_STOPPED, PcscCalls.SCARD_F_COMM_ERROR,
                    PcscCalls.SCARD_E_INVALID_HANDLE, PcscCalls.SCARD_E_NO_READERS_AVAILABLE,
                    PcscCalls.SCARD_E_READER_UNAVAILABLE, PcscCalls.SCARD_E_UNKNOWN_READER:
                return new CardTransportException.TransportDown(where + e.getMessage());
            case PcscCalls.SCARD_W_UNRESPONSIVE_CARD, PcscCalls.SCARD_W_UNPOWERED_CARD:
                return new CardTransportException.NoCard(where + "the card does not answer (" + e.getMessage() + ")");
            default:
                // SCARD_W_RESET_CARD (another application reset it), SCARD_E_NOT_TRANSACTED, …: the slot
                // disconnects and starts afresh at its next request
                return new CardTransportException(where + e.getMessage());
        }
    }

    /**
     * Whether the card left the reader, after an APDU failed in a way that does not say. A card
     * pulled out mid-APDU fails with what the reader driver makes of it (vpcd: SCARD_E_NOT_TRANSACTED,
     * or an empty answer), not always SCARD_W_REMOVED_CARD, and pcscd notices the removal only at its
     * next poll of the reader: so SCardStatus is asked for up to {@link #REMOVAL_SETTLE_MILLIS}.
     */
    private boolean cardLeft() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REMOVAL_SETTLE_MILLIS);
        while (true) {
            try {
                if ((calls.status(handle).state() & PcscCalls.SCARD_PRESENT) == 0) {
                    return true;
                }
            } catch (PcscError e) {
                return e.code() == PcscCalls.SCARD_W_REMOVED_CARD || e.code() == PcscCalls.SCARD_E_NO_SMARTCARD;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static CardTransportException down(PcscError e) {
        return new CardTransportException.TransportDown(e.getMessage());
    }
}
