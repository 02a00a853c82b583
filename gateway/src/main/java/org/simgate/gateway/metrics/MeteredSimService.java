package org.simgate.gateway.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.CardInfo;
import org.simgate.service.CardTransaction;
import org.simgate.service.FrontLink;
import org.simgate.service.Outcome;
import org.simgate.service.SimService;
import org.simgate.service.SlotStatus;
import org.simgate.service.SubscriptionConcealedIdentifier;
import org.simgate.service.SuciRequest;

/**
 * The {@link SimService} one protocol's listener sees when metrics are on: every slot operation is
 * counted by outcome and timed from the call to the answer. The caller gets a future that
 * completes once the operation is recorded. Unknown slot ids are not recorded, so clients cannot mint labels.
 * {@code meters} is GatewayMetrics' live map: a reload adds and removes slots in it.
 */
final class MeteredSimService implements SimService {
    private final SimService service;
    private final Map<Integer, SlotMeters> meters;

    MeteredSimService(SimService service, Map<Integer, SlotMeters> meters) {
        this.service = service;
        this.meters = meters;
    }

    private <T> CompletableFuture<T> record(int slot, Operation operation, long start, CompletableFuture<T> answer) {
        SlotMeters slotMeters = meters.get(slot);
        if (slotMeters != null) {
            // the caller's future is the recording's: an answer never leaves before it is counted, so a
            // scrape made after an answer always includes it
            return answer.whenComplete((result, failure) -> slotMeters.record(operation,
                    Outcome.of(result, failure), System.nanoTime() - start));
        }
        return answer;
    }

    @Override
    public CompletableFuture<AuthResult> authenticate(int slot, AuthRequest request) {
        long start = System.nanoTime();
        return record(slot, Operation.AUTHENTICATE, start, service.authenticate(slot, request));
    }

    @Override
    public CompletableFuture<CardInfo> info(int slot) {
        long start = System.nanoTime();
        return record(slot, Operation.INFO, start, service.info(slot));
    }

    @Override
    public CompletableFuture<List<byte[]>> transmit(int slot, List<byte[]> apdus) {
        long start = System.nanoTime();
        return record(slot, Operation.TRANSMIT, start, service.transmit(slot, apdus));
    }

    @Override
    public CompletableFuture<byte[]> reset(int slot) {
        long start = System.nanoTime();
        return record(slot, Operation.RESET, start, service.reset(slot));
    }

    @Override
    public <T> CompletableFuture<T> transaction(int slot, CardTransaction<T> work) {
        long start = System.nanoTime();
        return record(slot, Operation.TRANSACTION, start, service.transaction(slot, work));
    }

    @Override
    public CompletableFuture<SubscriptionConcealedIdentifier> suci(int slot, SuciRequest request) {
        long start = System.nanoTime();
        return record(slot, Operation.SUCI, start, service.suci(slot, request));
    }

    @Override
    public SlotStatus subscriberCard(String imsi) {
        return service.subscriberCard(imsi);
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
    public int defaultSlot() {
        return service.defaultSlot();
    }
}
