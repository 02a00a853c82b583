package org.simgate.service;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the wire protocols can ask of the gateway. Every card operation returns at once with a
 * future: the card work runs on the slot's own thread, never on the caller's (a Netty event loop).
 * A future fails with a {@link SlotException} whose {@link SlotException.Kind} says why.
 */
public interface SimService {

    /** Runs AUTHENTICATE on the slot's USIM or ISIM. Card-level refusals are results, not failures. */
    CompletableFuture<AuthResult> authenticate(int slot, AuthRequest request);

    /** IMSI, ICCID and what else is cheap to read from the card. */
    CompletableFuture<CardInfo> info(int slot);

    /**
     * Sends raw C-APDUs as one transaction (nothing else runs on the slot in between) and returns
     * the card's R-APDUs unchanged: procedure bytes and logical channels are the caller's. Fails
     * with {@link SlotException.Kind#FORBIDDEN} unless the slot allows raw APDUs.
     */
    CompletableFuture<List<byte[]>> transmit(int slot, List<byte[]> apdus);

    /** Powers the slot's card down and up; answers the new ATR. */
    CompletableFuture<byte[]> reset(int slot);

    /**
     * Runs {@code work} on the slot's thread as one transaction: what it does with the
     * {@link CardSession} is not interleaved with any other client's card work. For protocols whose
     * requests mix commands (the line protocol) or need raw access (the vpcd relay).
     */
    <T> CompletableFuture<T> transaction(int slot, CardTransaction<T> work);

    /**
     * The card's IMSI concealed into a SUCI as the mobile equipment computes it (TS 33.501 Annex C),
     * MCC and MNC split with the MNC length of the card's EF.AD. Services that cannot (a test double,
     * an old server) fail with UnsupportedOperationException.
     */
    default CompletableFuture<SubscriptionConcealedIdentifier> suci(int slot, SuciRequest request) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("SUCI is not offered by this service"));
    }

    /**
     * The simulated subscriber card with this IMSI ({@code simgate.subscribers}), or null when there is
     * none. Its {@link SlotStatus#id()} addresses it in every other call, as a slot number does; such
     * ids lie beyond every slot number a path can name ({@code /slot/{n}} takes at most 9 digits), and
     * {@link #slots()} does not list them. Cheap, never touches a card.
     */
    default SlotStatus subscriberCard(String imsi) {
        return null;
    }

    /** Every configured slot with its current state; cheap, never touches a card. */
    List<SlotStatus> slots();

    /**
     * The links fronts keep to peers of their own (the remsim bank's link to its server), gateway-wide;
     * cheap, never touches a card. Default: none.
     */
    default List<FrontLink> links() {
        return List.of();
    }

    /** The slot that usim-https style requests use when they name none. */
    int defaultSlot();
}
