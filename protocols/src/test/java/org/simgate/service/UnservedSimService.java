package org.simgate.service;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The base of the tests' {@link SimService} doubles: no slots, and every call refused as a slot
 * refuses what it does not allow ({@link SlotException.Kind#FORBIDDEN}). A double overrides only
 * what it serves, so what it does not serve reads the same in every test.
 */
public abstract class UnservedSimService implements SimService {

    protected static <T> CompletableFuture<T> notServed(String operation) {
        return CompletableFuture.failedFuture(new SlotException(SlotException.Kind.FORBIDDEN, operation + " is not served here"));
    }

    @Override
    public CompletableFuture<AuthResult> authenticate(int slot, AuthRequest request) {
        return notServed("authenticate");
    }

    @Override
    public CompletableFuture<CardInfo> info(int slot) {
        return notServed("info");
    }

    @Override
    public CompletableFuture<List<byte[]>> transmit(int slot, List<byte[]> apdus) {
        return notServed("transmit");
    }

    @Override
    public CompletableFuture<byte[]> reset(int slot) {
        return notServed("reset");
    }

    @Override
    public <T> CompletableFuture<T> transaction(int slot, CardTransaction<T> work) {
        return notServed("a transaction");
    }

    @Override
    public List<SlotStatus> slots() {
        return List.of();
    }

    @Override
    public int defaultSlot() {
        return 0;
    }
}
