package org.simgate.service;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the management listener can ask of the gateway: slot state for operators and the actions
 * they take on a slot. Nothing here reaches an event loop's thread with card I/O: actions that
 * touch the card answer with a future completed on the slot's thread.
 */
public interface AdminService {

    /** Every configured slot with its current state; cheap, never touches a card. */
    List<SlotStatus> slots();

    /**
     * The links fronts keep to peers of their own (the remsim bank's link to its server), gateway-wide;
     * cheap, never touches a card. Default: none.
     */
    default List<FrontLink> links() {
        return List.of();
    }

    /**
     * One slot in detail, or null when no slot has that id. Never touches a card; the first look at
     * a card that arrived queues the one read of its identity (see {@link #identifiedDetail}).
     */
    SlotDetail detail(int slot);

    /**
     * One slot in detail once its card's identity is known: the first look at a card that arrived
     * waits for the one read of it, queued on the slot's thread (best effort: the detail comes
     * without identity if the read failed). Fails with {@link SlotException.Kind#NO_SUCH_SLOT}.
     */
    default CompletableFuture<SlotDetail> identifiedDetail(int slot) {
        SlotDetail detail = detail(slot);
        return detail == null
                ? CompletableFuture.failedFuture(new SlotException(SlotException.Kind.NO_SUCH_SLOT, "no slot " + slot))
                : CompletableFuture.completedFuture(detail);
    }

    /**
     * Takes the slot out of service: what is queued still runs, new work is refused with
     * {@link SlotException.Kind#OUT_OF_SERVICE}. Answers at once, while queued work may still run.
     */
    CompletableFuture<SlotDetail> drain(int slot);

    /**
     * What the slot did in the last minute (the dashboard's rates, latencies and last outcome), or
     * null when no slot has that id or nothing records activity. Cheap; never touches a card.
     */
    default SlotActivity activity(int slot) {
        return null;
    }

    /** Puts a drained slot back in service. */
    CompletableFuture<SlotDetail> undrain(int slot);

    /** Powers the card down and up (also on a drained slot); answers once the card gave its ATR. */
    CompletableFuture<SlotDetail> reset(int slot);

    /** Forgets what the slot knew of its card and reads its identity again (also on a drained slot). */
    CompletableFuture<SlotDetail> reread(int slot);

    /**
     * Reads the configuration again and applies what changed: slots added, removed, restarted;
     * settings that need a restart are listed, not applied. Fails with {@link ReloadResult.Refused}
     * when the new config is invalid, and the running config stays. Reloads run one at a time, never
     * on the caller's thread.
     */
    default CompletableFuture<ReloadResult> reload() {
        return CompletableFuture.failedFuture(new ReloadResult.Refused("this gateway cannot reload its configuration"));
    }
}
