package org.simgate.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.simgate.gateway.slot.Slot;
import org.simgate.gateway.slot.SlotRegistry;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.CardInfo;
import org.simgate.service.CardTransaction;
import org.simgate.service.SimService;
import org.simgate.service.SlotException;
import org.simgate.service.SlotStatus;
import org.simgate.ue.MobileEquipment;

/**
 * The protocols' {@link SimService}, served by the slot registry. Closing it closes the slots,
 * for users that own both (the in-process command-line client); the {@link Gateway} drains its
 * registry itself.
 */
public final class GatewayService implements SimService, AutoCloseable {
    private final SlotRegistry slots;
    private final int defaultSlot;

    public GatewayService(SlotRegistry slots, int defaultSlot) {
        this.slots = slots;
        this.defaultSlot = defaultSlot;
    }

    /** AUTHENTICATE on the slot; the keys the request asks to derive are added on the slot's thread. */
    @Override
    public CompletableFuture<AuthResult> authenticate(int slot, AuthRequest request) {
        Slot s = slots.get(slot);
        if (s == null) {
            return noSuchSlot(slot);
        }
        CompletableFuture<AuthResult> answer = s.authenticate(request);
        return request.derive() == null ? answer : answer.thenApply(result -> MobileEquipment.derive(request, result));
    }

    @Override
    public CompletableFuture<CardInfo> info(int slot) {
        Slot s = slots.get(slot);
        return s == null ? noSuchSlot(slot) : s.info();
    }

    @Override
    public CompletableFuture<List<byte[]>> transmit(int slot, List<byte[]> apdus) {
        Slot s = slots.get(slot);
        return s == null ? noSuchSlot(slot) : s.transmit(apdus);
    }

    @Override
    public CompletableFuture<byte[]> reset(int slot) {
        Slot s = slots.get(slot);
        return s == null ? noSuchSlot(slot) : s.reset();
    }

    @Override
    public <T> CompletableFuture<T> transaction(int slot, CardTransaction<T> work) {
        Slot s = slots.get(slot);
        return s == null ? noSuchSlot(slot) : s.transaction(work);
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
