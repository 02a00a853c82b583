package org.simgate.gateway;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.simgate.aka.suci.Ecies;
import org.simgate.aka.suci.ProtectionScheme;
import org.simgate.aka.suci.SuciException;
import org.simgate.gateway.config.SuciConfig;
import org.simgate.gateway.slot.Slot;
import org.simgate.gateway.slot.SlotRegistry;
import org.simgate.gateway.subscriber.SubscriberFarm;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.CardInfo;
import org.simgate.service.CardTransaction;
import org.simgate.service.FrontLink;
import org.simgate.service.SimService;
import org.simgate.service.SlotException;
import org.simgate.service.SlotStatus;
import org.simgate.service.SubscriptionConcealedIdentifier;
import org.simgate.service.SuciRequest;
import org.simgate.ue.MobileEquipment;

/**
 * The protocols' {@link SimService}, served by the slot registry. Closing it closes the slots,
 * for users that own both (the in-process command-line client); the {@link Gateway} drains its
 * registry itself.
 */
public final class GatewayService implements SimService, AutoCloseable {
    private final SlotRegistry slots;
    // a reload swaps these; a request reads each once
    private volatile int defaultSlot;
    private volatile SuciConfig suci;
    /** Ephemeral keys for SUCI concealment; SecureRandom is thread-safe. */
    private final SecureRandom random = new SecureRandom();
    /** The simulated subscribers' cards, ids from {@link SubscriberFarm#FIRST_ID}; null when none are configured. */
    private final SubscriberFarm subscribers;
    /** The links the running fronts keep to peers of their own; none until the gateway says where they are. */
    private volatile Supplier<List<FrontLink>> links = List::of;

    public GatewayService(SlotRegistry slots, int defaultSlot) {
        this(slots, defaultSlot, SuciConfig.none());
    }

    /** With the home network keys and per-slot SUCI settings of {@code simgate.suci}. */
    public GatewayService(SlotRegistry slots, int defaultSlot, SuciConfig suci) {
        this(slots, defaultSlot, suci, null);
    }

    /** As above, also serving the cards of {@code subscribers} (null: none) by their ids. */
    public GatewayService(SlotRegistry slots, int defaultSlot, SuciConfig suci, SubscriberFarm subscribers) {
        this.slots = slots;
        this.defaultSlot = defaultSlot;
        this.suci = suci;
        this.subscribers = subscribers;
    }

    /** Whether {@code id} is a subscriber card's, and this service has them. */
    private boolean isSubscriber(int id) {
        return subscribers != null && SubscriberFarm.isSubscriberId(id);
    }

    /** AUTHENTICATE on the slot; the keys the request asks to derive are added on the slot's thread. */
    @Override
    public CompletableFuture<AuthResult> authenticate(int slot, AuthRequest request) {
        Slot s = slots.get(slot);
        if (s == null && !isSubscriber(slot)) {
            return noSuchSlot(slot);
        }
        CompletableFuture<AuthResult> answer = s != null ? s.authenticate(request) : subscribers.authenticate(slot, request);
        return request.derive() == null ? answer : answer.thenApply(result -> MobileEquipment.derive(request, result));
    }

    /**
     * Reads IMSI and EF.AD's MNC length in one slot transaction, then conceals the MSIN as the
     * mobile equipment does. What can be refused without the card (an unknown or mismatched key) is
     * refused before the request queues.
     */
    @Override
    public CompletableFuture<SubscriptionConcealedIdentifier> suci(int slot, SuciRequest request) {
        if (slots.get(slot) == null && !isSubscriber(slot)) {
            return noSuchSlot(slot);
        }
        ProtectionScheme scheme = ProtectionScheme.of(request.scheme());
        byte[] key;
        try {
            key = scheme == ProtectionScheme.NULL_SCHEME ? null : homeNetworkKey(slot, scheme, request);
        } catch (SlotException e) {
            return CompletableFuture.failedFuture(e);
        }
        SuciConfig.SlotSettings settings = this.suci.slot(slot);
        String routingIndicator = request.routingIndicator() != null ? request.routingIndicator()
                : settings.routingIndicator() != null ? settings.routingIndicator() : "0";
        return transaction(slot, card -> new Subscriber(card.info().imsi(), card.mncLength()))
                .thenApply(subscriber -> {
                    String imsi = subscriber.imsi();
                    if (imsi == null) {
                        throw badRequest("the card in slot " + slot + " has no USIM: no IMSI to conceal");
                    }
                    Integer mncLength = subscriber.mncLength() != null ? subscriber.mncLength() : settings.mncLength();
                    if (mncLength == null) {
                        throw badRequest("the card in slot " + slot + " states no MNC length in EF.AD (6FAD, byte 4)"
                                + " and simgate.suci.slots sets no mnc-length for it");
                    }
                    try {
                        return MobileEquipment.suci(imsi, mncLength, routingIndicator, scheme,
                                request.homeNetworkKeyId(), key, random);
                    } catch (SuciException e) {
                        throw badRequest("hn_public_key: " + e.getMessage());
                    }
                });
    }

    /** What the card says of its subscriber: IMSI (null without a USIM) and EF.AD's MNC length (null: none). */
    private record Subscriber(String imsi, Integer mncLength) {
    }

    /** The request's key if it brings one (checked), else the configured one of its id and scheme. */
    private byte[] homeNetworkKey(int slot, ProtectionScheme scheme, SuciRequest request) {
        byte[] given = request.homeNetworkPublicKey();
        if (given != null) {
            try {
                Ecies.checkPublicKey(scheme, given);
            } catch (SuciException e) {
                throw badRequest("hn_public_key: " + e.getMessage());
            }
            return given;
        }
        SuciConfig.HomeNetworkKey configured = suci.key(slot, request.homeNetworkKeyId());
        if (configured == null) {
            throw badRequest("hn_key_id: no home network public key " + request.homeNetworkKeyId()
                    + " is configured for slot " + slot + " (simgate.suci); give hn_public_key");
        }
        if (configured.scheme() != scheme) {
            throw badRequest("hn_key_id: key " + configured.id() + " is a " + configured.scheme().title()
                    + " key, the request asks for " + scheme.title() + " (scheme " + scheme.id() + ")");
        }
        return configured.publicKey();
    }

    private static SlotException badRequest(String message) {
        return new SlotException(SlotException.Kind.BAD_REQUEST, message);
    }

    /** What a reload changes beside the slots: the default slot and the SUCI settings. */
    void reconfigure(int defaultSlot, SuciConfig suci) {
        this.defaultSlot = defaultSlot;
        this.suci = suci;
    }

    @Override
    public CompletableFuture<CardInfo> info(int slot) {
        if (isSubscriber(slot)) {
            return subscribers.info(slot);
        }
        Slot s = slots.get(slot);
        return s == null ? noSuchSlot(slot) : s.info();
    }

    @Override
    public CompletableFuture<List<byte[]>> transmit(int slot, List<byte[]> apdus) {
        if (isSubscriber(slot)) {
            return subscribers.transmit(slot, apdus);
        }
        Slot s = slots.get(slot);
        return s == null ? noSuchSlot(slot) : s.transmit(apdus);
    }

    @Override
    public CompletableFuture<byte[]> reset(int slot) {
        if (isSubscriber(slot)) {
            return subscribers.reset(slot);
        }
        Slot s = slots.get(slot);
        return s == null ? noSuchSlot(slot) : s.reset();
    }

    @Override
    public <T> CompletableFuture<T> transaction(int slot, CardTransaction<T> work) {
        if (isSubscriber(slot)) {
            return subscribers.transaction(slot, work);
        }
        Slot s = slots.get(slot);
        return s == null ? noSuchSlot(slot) : s.transaction(work);
    }

    @Override
    public SlotStatus subscriberCard(String imsi) {
        return subscribers == null ? null : subscribers.status(imsi);
    }

    /** Where {@link #links()} finds the running fronts' links. */
    public void linksFrom(Supplier<List<FrontLink>> links) {
        this.links = links;
    }

    @Override
    public List<FrontLink> links() {
        return links.get();
    }

    @Override
    public List<SlotStatus> slots() {
        List<SlotStatus> all = new ArrayList<>();
        for (Slot s : slots.all()) {
            all.add(s.status());
        }
        return all;
    }

    @Override
    public int defaultSlot() {
        return defaultSlot;
    }

    @Override
    public void close() {
        slots.close();
    }

    private static <T> CompletableFuture<T> noSuchSlot(int slot) {
        return CompletableFuture.failedFuture(new SlotException(SlotException.Kind.NO_SUCH_SLOT, "no slot " + slot));
    }
}
