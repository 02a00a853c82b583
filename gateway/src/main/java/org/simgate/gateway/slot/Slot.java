package org.simgate.gateway.slot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.simgate.gateway.config.SlotConfig;
import org.simgate.gateway.usim.UsimApplication;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.CardInfo;
import org.simgate.service.CardSession;
import org.simgate.service.CardTransaction;
import org.simgate.service.SlotActivity;
import org.simgate.service.SlotDetail;
import org.simgate.service.SlotException;
import org.simgate.service.SlotException.Kind;
import org.simgate.service.SlotLoan;
import org.simgate.service.SlotStatus;
import org.simgate.transport.CardTransport;
import org.simgate.transport.CardTransportException;
import org.simgate.transport.ProcedureBytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One card behind one transport, with its own thread. Every operation is one transaction on the
 * slot's {@link SlotExecutor}; the transport is connected on first use and kept connected, and a
 * transport failure disconnects it so the next operation starts afresh (a card put back in, a
 * modem that returned).
 */
public final class Slot implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Slot.class);
    private static final int MIN_APDU = 4;
    private static final int MAX_APDU = 5 + 255 + 1;

    private final SlotConfig config;
    private final CardTransport raw;
    private final UsimApplication usim;
    private final SlotExecutor executor;

    // written on the slot thread, read by anyone
    private volatile SlotStatus.State state = SlotStatus.State.NO_CARD;
    private volatile byte[] atr;
    private volatile String lastError;
    /** Drained by an operator: queued work runs, new client work is refused (OUT_OF_SERVICE). */
    private volatile boolean outOfService;
    /** The card's identity as the last read found it, masked; null until one ran for the card now in the slot. */
    private volatile SlotDetail identity;
    /** The read of this card's identity, once queued (once per card; see {@link #readIdentityOnce}). */
    private final AtomicReference<CompletableFuture<Void>> identityRead = new AtomicReference<>();
    /** Client operations of the last minute, for the dashboard. */
    private final RecentActivity activity = new RecentActivity();
    // slot thread only
    private boolean connected;
    /** The last exception failure() made, whose lastError holds more than its message. */
    private SlotException recordedFailure;
    private final Session session = new Session();
    /** What fronts that lend this slot's card tell of it (the remsim bank); set by the registry. */
    private volatile IntFunction<List<SlotLoan>> lending = id -> List.of();

    public Slot(SlotConfig config, CardTransport transport) {
        this.config = config;
        this.raw = transport;
        this.usim = new UsimApplication(ProcedureBytes.wrap(transport));
        this.executor = new SlotExecutor(config.name(), Integer.toString(config.id()), config.queueSize(),
                config.operationTimeout());
    }

    public int id() {
        return config.id();
    }

    public String name() {
        return config.name();
    }

    /** The config the slot was built from; a reload that brings a different one restarts the slot. */
    public SlotConfig config() {
        return config;
    }

    /** Connects to the card in the background so that the first request finds it ready. */
    public CompletableFuture<byte[]> start() {
        return executor.submit(() -> withCard(() -> atr));
    }

    public CompletableFuture<AuthResult> authenticate(AuthRequest request) {
        return submit(() -> withCard(() -> session.authenticate(request)));
    }

    public CompletableFuture<CardInfo> info() {
        return submit(() -> withCard(session::info));
    }

    /** Client work: refused at once while the slot is out of service, else queued. Recorded either way. */
    private <T> CompletableFuture<T> submit(CardWork<T> work) {
        long start = System.nanoTime();
        CompletableFuture<T> answer = outOfService
                ? CompletableFuture.failedFuture(new SlotException(Kind.OUT_OF_SERVICE, config.name() + " is out of service"))
                : executor.submit(work);
        answer.whenComplete((result, failure) -> activity.record(result, failure, System.nanoTime() - start));
        return answer;
    }

    /** Takes the slot out of service: what is queued still runs, new client work is refused. */
    public void drain() {
        outOfService = true;
    }

    /** Puts the slot back in service. */
    public void undrain() {
        outOfService = false;
    }

    /**
     * Powers the card down and up whether or not the slot is in service: for operators and the
     * reader watch, not for clients. Answers the new ATR. The card may be another one now (the
     * reader watch resets on a change): its identity is read again.
     */
    public CompletableFuture<byte[]> resetCard() {
        return executor.submit(() -> withCard(() -> {
            forgetIdentity();
            return session.reset();
        }));
    }

    /**
     * Forgets what the slot knew of its card (applications, selection) and reads its identity again,
     * whether or not the slot is in service. Only the masked identity is kept.
     */
    public CompletableFuture<SlotDetail> reread() {
        return executor.submit(() -> withCard(() -> {
            usim.forgetCard();
            readIdentity();
            return detail();
        }));
    }

    /** On the slot thread, inside {@link #withCard}. */
    private void readIdentity() {
        CardInfo info = session.info();
        identity = new SlotDetail(null, SlotDetail.mask(info.imsi(), 5), SlotDetail.mask(info.iccid(), 6),
                System.currentTimeMillis());
    }

    /** A card arrived (or may have been swapped): what was read of the last one is not this one's. */
    private void forgetIdentity() {
        identity = null;
        identityRead.set(null);
    }

    /**
     * Reads the identity of the card in the slot once, on the slot's thread after what is queued, the
     * first time someone looks (dashboard, admin API): operators see IMSI and ICCID without a re-read,
     * and client requests never carry the extra APDUs. Not on a drained slot, not without a card;
     * again only for a new card or on re-read. Best effort: if it fails, the slot's state says why.
     *
     * @return the read, done or not (it never fails); null when there is nothing to read
     */
    private CompletableFuture<Void> readIdentityOnce() {
        if (identity != null || outOfService || state != SlotStatus.State.PRESENT) {
            return null;
        }
        CompletableFuture<Void> read = new CompletableFuture<>();
        if (!identityRead.compareAndSet(null, read)) {
            return identityRead.get();
        }
        executor.submit(() -> withCard(() -> {
            if (identity == null) {
                readIdentity();
            }
            return null;
        })).whenComplete((done, failure) -> {
            if (failure instanceof SlotException e && e.kind() == Kind.BUSY) {
                identityRead.compareAndSet(read, null); // the queue was full: the next look tries again
            }
            read.complete(null);
        });
        return read;
    }

    /** Status and the masked identity of the card, as last read; the first look at a new card queues its read. */
    public SlotDetail detail() {
        // what is known before the read is queued: the slot's thread may finish the read at once
        SlotDetail known = knownDetail();
        readIdentityOnce();
        return known;
    }

    /** As {@link #detail()}, once the card's identity is read: the first look at a new card waits for its read. */
    public CompletableFuture<SlotDetail> identifiedDetail() {
        CompletableFuture<Void> read = readIdentityOnce();
        return read == null ? CompletableFuture.completedFuture(knownDetail()) : read.thenApply(done -> knownDetail());
    }

    private SlotDetail knownDetail() {
        SlotDetail known = identity;
        return known == null ? new SlotDetail(status(), null, null, 0)
                : new SlotDetail(status(), known.maskedImsi(), known.maskedIccid(), known.lastReadMillis());
    }

    /** Client operations of the last minute; cheap, never touches the card. */
    public SlotActivity activity() {
        return activity.snapshot();
    }

    /** Requests waiting plus the one running; cheap, for gauges. */
    public int queueDepth() {
        return executor.queueDepth();
    }

    /** The transport as configured (tests take a simulated card out through it). */
    public CardTransport transport() {
        return raw;
    }

    /** Raw APDUs as one transaction, unchanged both ways: no procedure-byte handling, no rewriting. */
    public CompletableFuture<List<byte[]>> transmit(List<byte[]> apdus) {
        // refused before queueing: a request that cannot run should not wait for its turn first
        SlotException refused = refuseApdus(apdus);
        if (refused != null) {
            return CompletableFuture.failedFuture(refused);
        }
        return submit(() -> withCard(() -> {
            List<byte[]> answers = new ArrayList<>(apdus.size());
            for (byte[] apdu : apdus) {
                answers.add(session.transmit(apdu));
            }
            return answers;
        }));
    }

    /** Powers the card down and up again; answers the new ATR. */
    public CompletableFuture<byte[]> reset() {
        return submit(() -> withCard(session::reset));
    }

    /** A protocol's own transaction: {@code work} runs on this slot's thread, nothing interleaved. */
    public <T> CompletableFuture<T> transaction(CardTransaction<T> work) {
        return submit(() -> withCard(() -> work.run(session)));
    }

    /** The slot's state as seen from outside: OUT_OF_SERVICE while drained, whatever the card does. */
    public SlotStatus.State state() {
        return outOfService ? SlotStatus.State.OUT_OF_SERVICE : state;
    }

    public SlotStatus status() {
        return new SlotStatus(config.id(), config.name(), config.transport(), state(), atr, executor.queueDepth(),
                lastError, config.allowApdu(), raw.detail().flat(), lending.apply(config.id()));
    }

    /** Where {@link #status()} finds what fronts that lend this slot's card tell of it. */
    void lentBy(IntFunction<List<SlotLoan>> lending) {
        this.lending = lending;
    }

    private SlotException refuseApdus(List<byte[]> apdus) {
        if (!config.allowApdu()) {
            return new SlotException(Kind.FORBIDDEN, config.name() + " does not allow raw APDUs (set allow-apdu = true)");
        }
        for (byte[] apdu : apdus) {
            if (apdu.length < MIN_APDU || apdu.length > MAX_APDU) {
                return new SlotException(Kind.BAD_REQUEST, "an APDU must be " + MIN_APDU + " to " + MAX_APDU + " bytes");
            }
        }
        return null;
    }

    private <T> T withCard(CardWork<T> work) throws Exception {
        if (executor.takeOverran()) {
            disconnect(); // the last call hung: don't trust what the card or link is in the middle of
        }
        try {
            connect();
            T result = work.run();
            state = SlotStatus.State.PRESENT;
            return result;
        } catch (CardTransportException e) {
            throw failure(e);
        } catch (SlotException e) {
            if (e != recordedFailure) {
                lastError = e.getMessage(); // a failure() inside a session already recorded its detail
            }
            usim.forgetSelection();
            throw e;
        }
    }

    private void connect() throws CardTransportException {
        if (connected) {
            return;
        }
        atr = raw.connect();
        connected = true;
        usim.forgetCard();
        if (state != SlotStatus.State.PRESENT) {
            log.info("{}: card present ({})", config.name(), raw.describe());
            forgetIdentity();
        }
        state = SlotStatus.State.PRESENT; // it gave its ATR: present, whatever this request's outcome
    }

    /** What a transport failure means for the slot (its new state) and for the client (the kind). */
    private SlotException failure(CardTransportException e) {
        if (e instanceof CardTransportException.NoCard) {
            return fail(SlotStatus.State.NO_CARD, Kind.NO_CARD, config.name() + ": no card in slot", e);
        } else if (e instanceof CardTransportException.TransportDown) {
            return fail(SlotStatus.State.TRANSPORT_DOWN, Kind.TRANSPORT_DOWN, config.name() + ": transport down", e);
        } else if (e instanceof CardTransportException.Timeout) {
            return fail(state, Kind.TIMEOUT, config.name() + ": the card did not answer in time", e);
        } else if (e instanceof CardTransportException.ApdusUnavailable) {
            // the link and the card are fine, APDUs just cannot reach it (a modem refusing AT+CSIM):
            // nothing to reconnect, and the client is told plainly what is missing (AKA)
            lastError = config.name() + ": " + e.getMessage();
            return recordedFailure = new SlotException(Kind.CARD_PROTOCOL, lastError);
        }
        return fail(state, Kind.CARD_PROTOCOL, config.name() + ": card protocol error", e);
    }

    private SlotException fail(SlotStatus.State newState, Kind kind, String message, CardTransportException cause) {
        disconnect();
        if (state != newState) {
            log.warn("{} ({})", message, cause.getMessage());
        }
        state = newState;
        lastError = message + ": " + cause.getMessage();
        return recordedFailure = new SlotException(kind, message);
    }

    /** The card inside a transaction; used on the slot thread only, within {@link #withCard}. */
    private final class Session implements CardSession {
        @Override
        public byte[] reset() {
            disconnect();
            try {
                connect();
            } catch (CardTransportException e) {
                throw failure(e);
            }
            return atr;
        }

        @Override
        public byte[] atr() {
            return atr;
        }

        @Override
        public byte[] transmit(byte[] apdu) {
            SlotException refused = refuseApdus(List.of(apdu));
            if (refused != null) {
                throw refused;
            }
            usim.forgetSelection(); // the client may select anything: select again before our next AKA
            try {
                return raw.transmit(apdu);
            } catch (CardTransportException e) {
                throw failure(e);
            }
        }

        @Override
        public AuthResult authenticate(AuthRequest request) {
            try {
                AuthResult result = usim.authenticate(request.application(), request.rand(), request.autn());
                activity.authenticated();
                return result;
            } catch (CardTransportException e) {
                throw failure(e);
            }
        }

        @Override
        public Integer mncLength() {
            try {
                return usim.readMncLength();
            } catch (CardTransportException e) {
                throw failure(e);
            }
        }

        @Override
        public CardInfo info() {
            try {
                String iccid = usim.readIccid();
                List<String> applications = usim.applications();
                String imsi = usim.readImsi();
                return new CardInfo(imsi, iccid, atr, applications);
            } catch (CardTransportException.ApdusUnavailable e) {
                return infoWithoutApdus();
            } catch (CardTransportException e) {
                throw failure(e);
            }
        }

        /** What a transport that cannot pass APDUs still knows: the IMSI, if it has a command for it. */
        private CardInfo infoWithoutApdus() {
            try {
                return new CardInfo(raw.imsiWithoutApdus(), null, atr, List.of());
            } catch (CardTransportException e) {
                throw failure(e);
            }
        }
    }

    private void disconnect() {
        if (connected) {
            connected = false;
            raw.close();
        }
        usim.forgetCard();
    }

    /** Lets queued work finish for up to {@code waitMillis}, then closes the transport. */
    public void shutdown(long waitMillis) {
        try (var ignored = SlotLogContext.of(config.id())) {
            executor.shutdown(waitMillis);
            raw.retire(); // for good: a transport's own links and timers stop too
        }
    }

    @Override
    public void close() {
        shutdown(0);
    }
}
