package org.simgate.service;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * A {@link SimService} with one slot whose card the test scripts, for the fronts that pass a client's
 * APDUs through raw (the vpcd relay, the remsim bank): fixed answers per C-APDU (9000 otherwise), or
 * a failure kind for every call. It records what reached the card, in order: "atr", "reset", or the
 * C-APDU in upper-case hex. Like a slot it refuses an APDU under 4 bytes. Work runs on the given
 * executor (the caller's thread by default, as an EmbeddedChannel test wants).
 */
public final class ScriptedSlot extends UnservedSimService {
    public static final HexFormat HEX = HexFormat.of().withUpperCase();
    /** simgate's simulated card's ATR. */
    public static final String ATR = "3B9F96801FC78031E073FE21136773696D67617465B8";

    public final List<String> calls = new CopyOnWriteArrayList<>();
    public volatile SlotException.Kind failure;
    public volatile Executor executor = Runnable::run;
    private final int slot;
    private final Map<String, String> answers = new ConcurrentHashMap<>();

    public ScriptedSlot(int slot) {
        this.slot = slot;
    }

    /** The card answers {@code response} to {@code command} (hex, either case). */
    public ScriptedSlot answer(String command, String response) {
        answers.put(command.toUpperCase(Locale.ROOT), response);
        return this;
    }

    private <T> CompletableFuture<T> run(int slot, CardTransaction<T> work) {
        if (slot != this.slot) {
            return CompletableFuture.failedFuture(new SlotException(SlotException.Kind.NO_SUCH_SLOT, "no slot " + slot));
        }
        return CompletableFuture.supplyAsync(() -> {
            if (failure != null) {
                throw new SlotException(failure, "slot " + slot + ": " + failure.name().toLowerCase(Locale.ROOT).replace('_', ' '));
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
