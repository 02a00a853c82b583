package org.simgate.gateway.slot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.simgate.gateway.config.SlotConfig;
import org.simgate.gateway.usim.UsimApplication;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.CardInfo;
import org.simgate.service.SlotException;
import org.simgate.service.SlotException.Kind;
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
    // slot thread only
    private boolean connected;

    public Slot(SlotConfig config, CardTransport transport) {
        this.config = config;
        this.raw = transport;
        this.usim = new UsimApplication(ProcedureBytes.wrap(transport));
        this.executor = new SlotExecutor("slot-" + config.id(), config.queueSize(), config.operationTimeout());
    }

    public int id() {
        return config.id();
    }

    public String name() {
        return config.name();
    }

    /** Connects to the card in the background so that the first request finds it ready. */
    public CompletableFuture<byte[]> start() {
        return executor.submit(() -> withCard(() -> atr));
    }

    public CompletableFuture<AuthResult> authenticate(AuthRequest request) {
        return executor.submit(() -> withCard(() ->
                usim.authenticate(request.application(), request.rand(), request.autn())));
    }

    public CompletableFuture<CardInfo> info() {
        return executor.submit(() -> withCard(() -> {
            String iccid = usim.readIccid();
            List<String> applications = usim.applications();
            String imsi = usim.readImsi();
            return new CardInfo(imsi, iccid, atr, applications);
        }));
    }

    /** Raw APDUs as one transaction, unchanged both ways: no procedure-byte handling, no rewriting. */
    public CompletableFuture<List<byte[]>> transmit(List<byte[]> apdus) {
        if (!config.allowApdu()) {
            return CompletableFuture.failedFuture(new SlotException(Kind.FORBIDDEN,
                    config.name() + " does not allow raw APDUs (set allow-apdu = true)"));
        }
        for (byte[] apdu : apdus) {
            if (apdu.length < MIN_APDU || apdu.length > MAX_APDU) {
                return CompletableFuture.failedFuture(new SlotException(Kind.BAD_REQUEST,
                        "an APDU must be " + MIN_APDU + " to " + MAX_APDU + " bytes"));
            }
        }
        return executor.submit(() -> withCard(() -> {
            usim.forgetSelection(); // the client may select anything; select again before our next AKA
            List<byte[]> answers = new ArrayList<>(apdus.size());
            for (byte[] apdu : apdus) {
                answers.add(raw.transmit(apdu));
            }
            return answers;
        }));
    }

    /** Powers the card down and up again; answers the new ATR. */
    public CompletableFuture<byte[]> reset() {
        return executor.submit(() -> {
            disconnect();
            return withCard(() -> atr);
        });
    }

    public SlotStatus status() {
        return new SlotStatus(config.id(), config.name(), config.transport(), state, atr, executor.queueDepth(),
                lastError, config.allowApdu());
    }

    private <T> T withCard(CardWork<T> work) throws Exception {
        if (executor.takeOverran()) {
            disconnect(); // the last call hung: don't trust what the card or link is in the middle of
        }
        try {
            if (!connected) {
                atr = raw.connect();
                connected = true;
                usim.forgetCard();
                if (state != SlotStatus.State.PRESENT) {
                    log.info("{}: card present ({})", config.name(), raw.describe());
                }
                state = SlotStatus.State.PRESENT; // it gave its ATR: present, whatever this request's outcome
            }
            T result = work.run();
            state = SlotStatus.State.PRESENT;
            return result;
        } catch (CardTransportException.NoCard e) {
            throw fail(SlotStatus.State.NO_CARD, Kind.NO_CARD, config.name() + ": no card in slot", e);
        } catch (CardTransportException.TransportDown e) {
            throw fail(SlotStatus.State.TRANSPORT_DOWN, Kind.TRANSPORT_DOWN, config.name() + ": transport down", e);
        } catch (CardTransportException.Timeout e) {
            throw fail(state, Kind.TIMEOUT, config.name() + ": the card did not answer in time", e);
        } catch (CardTransportException e) {
            throw fail(state, Kind.CARD_PROTOCOL, config.name() + ": card protocol error", e);
        } catch (SlotException e) {
            lastError = e.getMessage();
            usim.forgetSelection();
            throw e;
        }
    }

    private SlotException fail(SlotStatus.State newState, Kind kind, String message, CardTransportException cause) {
        disconnect();
        if (state != newState) {
            log.warn("{} ({})", message, cause.getMessage());
        }
        state = newState;
        lastError = message + ": " + cause.getMessage();
        return new SlotException(kind, message);
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
        executor.shutdown(waitMillis);
        raw.close();
    }

    @Override
    public void close() {
        shutdown(0);
    }
}
