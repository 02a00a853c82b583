package org.simgate.protocol.remsim;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.CardInfo;
import org.simgate.service.CardSession;
import org.simgate.service.CardTransaction;
import org.simgate.service.SimService;
import org.simgate.service.SlotException;
import org.simgate.service.SlotStatus;

/**
 * A {@link SimService} whose one slot holds a card the test scripts: fixed answers per TPDU (9000
 * otherwise), or a failure for every call. It records what reached the card, in order.
 */
final class ScriptedCard implements SimService {
    static final HexFormat HEX = HexFormat.of();
    static final String ATR = "3b9f96801fc78031e073fe21136773696d67617465b8";

    final int slot;
    final List<String> calls = new CopyOnWriteArrayList<>();
    final Map<String, String> answers = new ConcurrentHashMap<>();
    volatile SlotException.Kind failure;
    volatile Executor executor = Runnable::run;

    ScriptedCard(int slot) {
        this.slot = slot;
    }

    ScriptedCard answer(String command, String response) {
        answers.put(command, response);
        return this;
    }

    private <T> CompletableFuture<T> run(int slot, CardTransaction<T> work) {
        if (slot != this.slot) {
            return CompletableFuture.failedFuture(new SlotException(SlotException.Kind.NO_SUCH_SLOT, "no slot " + slot));
        }
        return CompletableFuture.supplyAsync(() -> {
            if (failure != null) {
                throw new SlotException(failure, "slot " + slot + ": " + failure.name().toLowerCase());
            }
            return work.run(session);
        }, executor);
    }

    private final CardSession session = new CardSession() {
        @Override
        public byte[] reset() {
            calls.add("reset");
            return HEX.parseHex(ATR);
        }

        @Override
        public byte[] atr() {
            calls.add("atr");
            return HEX.parseHex(ATR);
        }

        @Override
        public byte[] transmit(byte[] apdu) {
            String command = HEX.formatHex(apdu);
            calls.add(command);
            return HEX.parseHex(answers.getOrDefault(command, "9000"));
        }

        @Override
        public AuthResult authenticate(AuthRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CardInfo info() {
            throw new UnsupportedOperationException();
        }
    };

    @Override
    public CompletableFuture<byte[]> reset(int slot) {
        return run(slot, CardSession::reset);
    }

    @Override
    public <T> CompletableFuture<T> transaction(int slot, CardTransaction<T> work) {
        return run(slot, work);
    }

    @Override
    public CompletableFuture<AuthResult> authenticate(int slot, AuthRequest request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<CardInfo> info(int slot) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<List<byte[]>> transmit(int slot, List<byte[]> apdus) {
        throw new UnsupportedOperationException("the bank uses transaction()");
    }

    @Override
    public List<SlotStatus> slots() {
        return List.of();
    }

    @Override
    public int defaultSlot() {
        return slot;
    }
}
