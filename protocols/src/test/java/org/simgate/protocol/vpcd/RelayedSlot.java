package org.simgate.protocol.vpcd;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.CardInfo;
import org.simgate.service.CardSession;
import org.simgate.service.CardTransaction;
import org.simgate.service.SimService;
import org.simgate.service.SlotException;
import org.simgate.service.UnservedSimService;

/**
 * A {@link SimService} with one slot whose card the test scripts: fixed answers per C-APDU, or a
 * failure kind for every call. It records what the relay asked, in order. Work runs on the given
 * executor (the caller's thread by default, as an EmbeddedChannel test wants).
 */
final class RelayedSlot extends UnservedSimService {
    static final HexFormat HEX = HexFormat.of().withUpperCase();
    static final String ATR = "3B9F96801FC78031E073FE21136773696D67617465B8";

    final int slot;
    final List<String> calls = new ArrayList<>();
    final Map<String, String> answers = new ConcurrentHashMap<>();
    volatile SlotException.Kind failure;
    volatile Executor executor = Runnable::run;

    RelayedSlot(int slot) {
        this.slot = slot;
    }

    RelayedSlot answer(String command, String response) {
        answers.put(command, response);
        return this;
    }

    private <T> CompletableFuture<T> run(int slot, CardTransaction<T> work) {
        if (slot != this.slot) {
            return CompletableFuture.failedFuture(new SlotException(SlotException.Kind.NO_SUCH_SLOT, "no slot " + slot));
        }
        return CompletableFuture.supplyAsync(() -> {
            if (failure != null) {
                throw new SlotException(failure, "slot " + slot + ": " + failure.name().toLowerCase().replace('_', ' '));
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
            if (apdu.length < 4) {
                throw new SlotException(SlotException.Kind.BAD_REQUEST, "an APDU must be 4 to 261 bytes");
            }
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
    public int defaultSlot() {
        return slot;
    }
}
