package org.simgate.front;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.simgate.service.FrontLink;
import org.simgate.service.SlotLoan;

/**
 * One front of a running gateway, as {@link FrontType#open} made it. The gateway calls
 * {@link #start()} once, after every front opened and security and the slots started;
 * {@link #reload} at each reload; {@link #close()} once, at stop or when the start failed (then
 * possibly without {@link #start()}).
 *
 * @param <C> its config record
 */
public interface Front<C> extends AutoCloseable {

    /** A front with nothing to run: a disabled one. */
    static <C> Front<C> none() {
        return new Front<>() {
            @Override
            public void start() {
            }

            @Override
            public List<BoundAddress> addresses() {
                return List.of();
            }

            @Override
            public void close() {
            }
        };
    }

    /** Phase two: serve (bind what {@link FrontType#open} did not, accept, connect out). */
    void start() throws IOException;

    /** Where it listens (what it bound, port 0 resolved), in config order; for tests, logs and the registration URL. */
    List<BoundAddress> addresses();

    /**
     * The links the front keeps to peers of its own, as they are now (the remsim bank's link to its
     * server), for the REST slots list, the admin API, the dashboard and metrics. The same links (by
     * name) for the front's life, from {@link #start()} on; read from any thread. Default: none.
     */
    default List<FrontLink> links() {
        return List.of();
    }

    /**
     * What the front tells of simgate slot {@code slot} now if it lends that slot's card to peers that
     * drive it (the remsim bank's mapped client), else null: the slot's {@code "lent"} entry on every
     * wire, and its metrics. The same slots are lent for the front's life, from {@link #start()} on;
     * read from any thread, once per slot for every status, so it must be cheap. Default: none.
     */
    default SlotLoan lent(int slot) {
        return null;
    }

    /**
     * A reload to {@code next}, called before the slots change: {@code retiredSlots} are the ids of
     * slots that stop or restart (hang up what serves them, so the peer sees the card go). Applies
     * what the front applies live and answers what to do once the slots changed (start serving a
     * restarted slot again), or null. What it cannot apply, {@link FrontType#needsRestart} already
     * reported; that part keeps running as started. Default: nothing live.
     *
     */
    default Runnable reload(C next, Set<Integer> retiredSlots) {
        return null;
    }

    /** Stops accepting and hangs up what the front opened; queued card work finishes on the slots' side. */
    @Override
    void close();
}
