package org.simgate.protocol.line;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.CardInfo;
import org.simgate.service.CardSession;
import org.simgate.service.CardTransaction;
import org.simgate.service.SimService;
import org.simgate.service.SlotException;
import org.simgate.service.SlotStatus;
import org.simgate.service.UnservedSimService;

/**
 * A SimService whose slots are {@link Card}s with canned answers. Transactions run at once on the
 * caller's thread, or with {@link #hold} stay in {@link #held} for the test to run in any order.
 */
final class FakeCards extends UnservedSimService {
    static final HexFormat HEX = HexFormat.of().withUpperCase();
    static final byte[] ATR = HEX.parseHex("3B9F96801FC78031A073BE21136743200718000001A5");
    static final byte[] RES = HEX.parseHex("A54211D5E3BA50BF");
    static final byte[] CK = HEX.parseHex("B40BA9A3C58B2A05BBF0D987B21BF8CB");
    static final byte[] IK = HEX.parseHex("F769BCD751044604127672711C6D3441");
    static final byte[] KC = HEX.parseHex("EAE4BE823AF9A08B");
    static final byte[] AUTS = HEX.parseHex("CD8D7E5A1C2BA4B7F1FD6C1B2D3E");

    /** One slot's card: what it answers, and what it was asked. */
    static final class Card implements CardSession {
        final String name;
        final boolean allowApdu;
        volatile SlotStatus.State state = SlotStatus.State.PRESENT;
        /** R-APDU by C-APDU (uppercase hex); anything else answers 9000. */
        final Map<String, String> rapdus = Collections.synchronizedMap(new HashMap<>());
        volatile AuthResult authResult = new AuthResult.Success(RES, CK, IK, KC);
        volatile String imsi = "001010123456063";
        /** C-APDUs (uppercase hex) whose transmit fails this way. */
        final Map<String, SlotException> apduFailures = Collections.synchronizedMap(new HashMap<>());
        /** When set, the next card call throws it (once). */
        volatile SlotException failNext;
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final List<byte[]> apdus = Collections.synchronizedList(new ArrayList<>());
        final List<AuthRequest> auths = Collections.synchronizedList(new ArrayList<>());

        Card(String name, boolean allowApdu) {
            this.name = name;
            this.allowApdu = allowApdu;
        }

        private void call(String what) {
            calls.add(what);
            SlotException failure = failNext;
            if (failure != null) {
                failNext = null;
                throw failure;
            }
        }

        @Override
        public byte[] reset() {
            call("reset");
            return ATR;
        }

        @Override
        public byte[] atr() {
            return ATR;
        }

        @Override
        public byte[] transmit(byte[] apdu) {
            if (!allowApdu) {
                throw new SlotException(SlotException.Kind.FORBIDDEN, name + " does not allow raw APDUs");
            }
            call("transmit");
            apdus.add(apdu);
            SlotException failure = apduFailures.get(HEX.formatHex(apdu));
            if (failure != null) {
                throw failure;
            }
            return HEX.parseHex(rapdus.getOrDefault(HEX.formatHex(apdu), "9000"));
        }

        @Override
        public AuthResult authenticate(AuthRequest request) {
            call("authenticate");
            auths.add(request);
            return authResult;
        }

        @Override
        public CardInfo info() {
            call("info");
            return new CardInfo(imsi, "8988211000000123456", ATR, List.of("USIM"));
        }
    }

    final Map<Integer, Card> cards = Collections.synchronizedMap(new java.util.LinkedHashMap<>());
    volatile boolean hold;
    final ConcurrentLinkedQueue<Runnable> held = new ConcurrentLinkedQueue<>();
    /** When set, transactions fail with it without running (e.g. NO_CARD found while connecting). */
    volatile SlotException transactionFailure;
    final List<Integer> transactions = Collections.synchronizedList(new ArrayList<>());

    /** Slots 0 "simgate slot 0" (allow-apdu) and 1 "simgate slot 1" (no raw APDUs). */
    static FakeCards twoSlots() {
        FakeCards fake = new FakeCards();
        fake.add(0, "simgate slot 0", true);
        fake.add(1, "simgate slot 1", false);
        return fake;
    }

    Card add(int id, String name, boolean allowApdu) {
        Card card = new Card(name, allowApdu);
        cards.put(id, card);
        return card;
    }

    Card card(int id) {
        return cards.get(id);
    }

    /** Runs the oldest held transaction. */
    void runHeld() {
        held.remove().run();
    }

    @Override
    public <T> CompletableFuture<T> transaction(int slot, CardTransaction<T> work) {
        transactions.add(slot);
        Card card = cards.get(slot);
        if (card == null) {
            return CompletableFuture.failedFuture(new SlotException(SlotException.Kind.NO_SUCH_SLOT, "no slot " + slot));
        }
        CompletableFuture<T> future = new CompletableFuture<>();
        Runnable run = () -> {
            SlotException failure = transactionFailure;
            if (failure != null) {
                future.completeExceptionally(failure);
                return;
            }
            try {
                future.complete(work.run(card));
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        };
        if (hold) {
            held.add(run);
        } else {
            run.run();
        }
        return future;
    }

    @Override
    public List<SlotStatus> slots() {
        List<SlotStatus> all = new ArrayList<>();
        synchronized (cards) {
            cards.forEach((id, card) -> all.add(new SlotStatus(id, card.name, "simcard", card.state,
                    card.state == SlotStatus.State.PRESENT ? ATR : null, 0, null, card.allowApdu)));
        }
        return all;
    }
}
