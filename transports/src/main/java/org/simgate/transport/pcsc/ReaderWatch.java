package org.simgate.transport.pcsc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import jnasmartcardio.PcscCalls;
import jnasmartcardio.PcscCalls.PcscError;
import jnasmartcardio.PcscCalls.ReaderState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Watches one slot's reader without being asked: card inserted or removed, reader unplugged or
 * back, pcscd stopped or restarted. It has its own thread and its own PC/SC context (pcsc-lite
 * serialises the calls on one context, so a wait here must not share the slot's), and it never waits
 * for ever: each SCardGetStatusChange is bounded, so stopping takes at most one {@link #waitMillis}
 * even if SCardCancel were lost.
 *
 * <p>Besides the reader it waits on the PnP pseudo-reader, which wakes it when readers are added
 * or removed. Every change of what a slot cares about is handed to the listener as a {@link View}.
 */
final class ReaderWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReaderWatch.class);

    /** What the slot's reader looks like now. problem is set when there is no single reader to use. */
    record View(String reader, boolean present, int eventCount, String problem) {
        static final View UNKNOWN = new View(null, false, -1, "not watched yet");

        /** Whether a slot should look again: a different reader, card, or problem. */
        boolean differsFrom(View other) {
            return !Objects.equals(reader, other.reader) || present != other.present || eventCount != other.eventCount
                    || (problem == null) != (other.problem == null);
        }
    }

    private final PcscCalls calls;
    private final ReaderMatch match;
    private final Consumer<View> listener;
    private final long waitMillis;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long context;
    private volatile View view = View.UNKNOWN;

    /** MDC entries for the watch thread's whole life (the gateway's slot id), so its lines name their slot. */
    private final Map<String, String> logContext;

    ReaderWatch(PcscCalls calls, ReaderMatch match, long waitMillis, Map<String, String> logContext,
                Consumer<View> listener) {
        this.logContext = Map.copyOf(logContext);
        this.calls = calls;
        this.match = match;
        this.waitMillis = waitMillis;
        this.listener = listener;
        this.thread = new Thread(this::run, "pcsc-watch " + match);
        thread.setDaemon(true);
    }

    ReaderWatch start() {
        thread.start();
        return this;
    }

    View view() {
        return view;
    }

    private void run() {
        if (!logContext.isEmpty()) {
            MDC.setContextMap(logContext);
        }
        List<String> watched = List.of();
        int[] seen = new int[0];
        while (running) {
            try {
                if (context == 0) {
                    context = calls.establishContext();
                }
                List<String> readers = calls.listReaders(context);
                ReaderMatch.Resolved resolved = match.resolve(readers);
                List<String> now = new ArrayList<>();
                if (resolved.ok()) {
                    now.add(resolved.reader());
                } else {
                    publish(new View(null, false, -1, resolved.problem()));
                }
                now.add(PcscCalls.PNP_NOTIFICATION);
                if (!now.equals(watched)) {
                    watched = now;
                    seen = new int[now.size()]; // UNAWARE: the first wait answers at once with the state
                }
                List<ReaderState> states = calls.getStatusChange(context, waitMillis, watched, seen);
                if (states == null) {
                    continue; // nothing changed within waitMillis: look at the reader list again
                }
                for (int i = 0; i < states.size(); i++) {
                    seen[i] = states.get(i).eventState() & ~PcscCalls.SCARD_STATE_CHANGED;
                }
                if (resolved.ok()) {
                    ReaderState reader = states.get(0);
                    if ((reader.eventState() & (PcscCalls.SCARD_STATE_UNKNOWN | PcscCalls.SCARD_STATE_UNAVAILABLE)) != 0) {
                        publish(new View(null, false, -1, "PC/SC reader '" + resolved.reader() + "' is gone"));
                        watched = List.of(); // list the readers again
                    } else {
                        publish(new View(resolved.reader(), reader.present(), reader.eventCount(), null));
                    }
                }
            } catch (PcscError e) {
                if (!running) {
                    break;
                }
                String problem = e.code() == PcscCalls.SCARD_E_NO_SERVICE || e.code() == PcscCalls.SCARD_E_SERVICE_STOPPED
                        || e.code() == PcscCalls.SCARD_F_COMM_ERROR || e.code() == PcscCalls.SCARD_W_SECURITY_VIOLATION
                        ? "pcscd is not running (" + e.getMessage() + ")"
                        : e.getMessage();
                publish(new View(null, false, -1, problem));
                dropContext();
                watched = List.of();
                pause();
            } catch (RuntimeException e) {
                // a bug or a JNA surprise must not end the watch: the slot would never hear of its card again
                log.warn("watching {}: {}", match, e.toString());
                dropContext();
                watched = List.of();
                pause();
            }
        }
        dropContext();
    }

    private void publish(View next) {
        View previous = view;
        view = next;
        if (next.differsFrom(previous)) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                log.warn("watching {}: listener failed: {}", match, e.toString());
            }
        }
    }

    private void dropContext() {
        long ctx = context;
        context = 0;
        if (ctx != 0) {
            calls.releaseContext(ctx);
        }
    }

    private void pause() {
        try {
            Thread.sleep(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops the thread: SCardCancel wakes its wait; the bounded wait ends it anyway. */
    @Override
    public void close() {
        running = false;
        long ctx = context;
        if (ctx != 0) {
            calls.cancel(ctx);
        }
        thread.interrupt();
        try {
            thread.join(waitMillis * 2 + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
