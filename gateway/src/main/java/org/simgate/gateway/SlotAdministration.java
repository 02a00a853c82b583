package org.simgate.gateway;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.simgate.gateway.slot.Slot;
import org.simgate.gateway.slot.SlotLogContext;
import org.simgate.gateway.slot.SlotRegistry;
import org.simgate.service.AdminService;
import org.simgate.service.FrontLink;
import org.simgate.service.ReloadResult;
import org.simgate.service.SlotActivity;
import org.simgate.service.SlotDetail;
import org.simgate.service.SlotException;
import org.simgate.service.SlotStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The management listener's {@link AdminService}, served by the slot registry. */
final class SlotAdministration implements AdminService {
    private static final Logger log = LoggerFactory.getLogger(SlotAdministration.class);

    private final SlotRegistry slots;
    private final GatewayService service;
    private final Supplier<CompletableFuture<ReloadResult>> reload;

    SlotAdministration(SlotRegistry slots, GatewayService service, Supplier<CompletableFuture<ReloadResult>> reload) {
        this.slots = slots;
        this.service = service;
        this.reload = reload;
    }

    @Override
    public CompletableFuture<ReloadResult> reload() {
        return reload.get();
    }

    @Override
    public List<SlotStatus> slots() {
        return service.slots();
    }

    @Override
    public List<FrontLink> links() {
        return service.links();
    }

    @Override
    public SlotDetail detail(int slot) {
        Slot s = slots.get(slot);
        return s == null ? null : s.detail();
    }

    @Override
    public CompletableFuture<SlotDetail> identifiedDetail(int slot) {
        Slot s = slots.get(slot);
        return s == null ? noSuchSlot(slot) : s.identifiedDetail();
    }

    @Override
    public SlotActivity activity(int slot) {
        Slot s = slots.get(slot);
        return s == null ? null : s.activity();
    }

    @Override
    public CompletableFuture<SlotDetail> drain(int slot) {
        Slot s = slots.get(slot);
        if (s == null) {
            return noSuchSlot(slot);
        }
        s.drain();
        try (var ignored = SlotLogContext.of(slot)) {
            log.info("{}: out of service (drained by an operator)", s.name());
        }
        return CompletableFuture.completedFuture(s.detail());
    }

    @Override
    public CompletableFuture<SlotDetail> undrain(int slot) {
        Slot s = slots.get(slot);
        if (s == null) {
            return noSuchSlot(slot);
        }
        s.undrain();
        try (var ignored = SlotLogContext.of(slot)) {
            log.info("{}: back in service", s.name());
        }
        return CompletableFuture.completedFuture(s.detail());
    }

    @Override
    public CompletableFuture<SlotDetail> reset(int slot) {
        Slot s = slots.get(slot);
        return s == null ? noSuchSlot(slot) : s.resetCard().thenApply(atr -> s.detail());
    }

    @Override
    public CompletableFuture<SlotDetail> reread(int slot) {
        Slot s = slots.get(slot);
        return s == null ? noSuchSlot(slot) : s.reread();
    }

    private static <T> CompletableFuture<T> noSuchSlot(int slot) {
        return CompletableFuture.failedFuture(new SlotException(SlotException.Kind.NO_SUCH_SLOT, "no slot " + slot));
    }
}
