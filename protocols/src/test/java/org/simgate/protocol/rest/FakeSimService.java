package org.simgate.protocol.rest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.simgate.service.Application;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.CardInfo;
import org.simgate.service.SimService;
import org.simgate.service.SlotException;
import org.simgate.service.SlotStatus;
import org.simgate.service.SubscriptionConcealedIdentifier;
import org.simgate.service.SuciRequest;
import org.simgate.service.UnservedSimService;

/**
 * A SimService with canned answers. Slots 0 and 1 exist. Tests set what the next calls answer;
 * with {@link #hold} on, futures stay open in {@link #held} for the test to complete, on any
 * thread and in any order.
 */
final class FakeSimService extends UnservedSimService {
    static final HexFormat HEX = HexFormat.of();
    static final byte[] RES = HEX.parseHex("a54211d5e3ba50bf");
    static final byte[] CK = HEX.parseHex("b40ba9a3c58b2a05bbf0d987b21bf8cb");
    static final byte[] IK = HEX.parseHex("f769bcd751044604127672711c6d3441");
    static final byte[] KC = HEX.parseHex("eae4be823af9a08b");
    static final byte[] AUTS = HEX.parseHex("cd8d7e5a1c2ba4b7f1fd6c1b2d3e");
    static final byte[] ATR = HEX.parseHex("3b9f96801fc78031a073be21136743200718000001a5");

    /** One call as the service saw it. */
    record Call(String operation, int slot, Application application, byte[] rand, byte[] autn, List<byte[]> apdus) {
    }

    volatile AuthResult authResult = new AuthResult.Success(RES, CK, IK, KC);
    volatile CardInfo cardInfo = new CardInfo("001010123456063", "8988211000000123456", ATR, List.of("USIM", "ISIM"));
    /** R-APDUs answered by transmit, one per C-APDU in order, repeating the last. */
    volatile List<byte[]> rapdus = List.of(HEX.parseHex("9000"));
    volatile List<SlotStatus> slots = List.of(
            new SlotStatus(0, "sim0", "simcard", SlotStatus.State.PRESENT, ATR, 0, null, true),
            new SlotStatus(1, "reader \"A\"", "pcsc", SlotStatus.State.NO_CARD, null, 2, "card removed", false));
    volatile int defaultSlot = 0;
    /** When set, futures fail with it. */
    volatile Throwable failure;
    /** When set, calls throw it instead of returning a future. */
    volatile RuntimeException thrown;
    volatile boolean hold;

    final ConcurrentLinkedQueue<CompletableFuture<?>> held = new ConcurrentLinkedQueue<>();
    final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    /** Every AuthRequest as received, derive included. */
    final List<AuthRequest> authRequests = Collections.synchronizedList(new ArrayList<>());

    @Override
    public CompletableFuture<AuthResult> authenticate(int slot, AuthRequest request) {
        calls.add(new Call("authenticate", slot, request.application(), request.rand(), request.autn(), null));
        authRequests.add(request);
        return answer(slot, authResult);
    }

    volatile SubscriptionConcealedIdentifier suci = new SubscriptionConcealedIdentifier(
            "suci-0-001-01-0-0-0-0123456063", "001", "01", "0", 0, 0, "0123456063");
    final List<SuciRequest> suciRequests = Collections.synchronizedList(new ArrayList<>());

    @Override
    public CompletableFuture<SubscriptionConcealedIdentifier> suci(int slot, SuciRequest request) {
        suciRequests.add(request);
        return answer(slot, suci);
    }

    @Override
    public CompletableFuture<CardInfo> info(int slot) {
        calls.add(new Call("info", slot, null, null, null, null));
        return answer(slot, cardInfo);
    }

    @Override
    public CompletableFuture<List<byte[]>> transmit(int slot, List<byte[]> apdus) {
        calls.add(new Call("transmit", slot, null, null, null, List.copyOf(apdus)));
        List<byte[]> answers = new ArrayList<>();
        for (int i = 0; i < apdus.size(); i++) {
            answers.add(rapdus.get(Math.min(i, rapdus.size() - 1)));
        }
        return answer(slot, answers);
    }

    @Override
    public List<SlotStatus> slots() {
        return slots;
    }

    @Override
    public int defaultSlot() {
        return defaultSlot;
    }

    Call lastCall() {
        synchronized (calls) {
            return calls.get(calls.size() - 1);
        }
    }

    @SuppressWarnings("unchecked")
    <T> CompletableFuture<T> nextHeld() {
        return (CompletableFuture<T>) held.poll();
    }

    private <T> CompletableFuture<T> answer(int slot, T value) {
        if (thrown != null) {
            throw thrown;
        }
        if (slot > 1) {
            return CompletableFuture.failedFuture(new SlotException(SlotException.Kind.NO_SUCH_SLOT, "no slot " + slot));
        }
        CompletableFuture<T> future = new CompletableFuture<>();
        if (hold) {
            held.add(future);
        } else if (failure != null) {
            future.completeExceptionally(failure);
        } else {
            future.complete(value);
        }
        return future;
    }
}
