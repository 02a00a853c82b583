package org.simgate.gateway.fakes;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.simgate.transport.CardTransport;
import org.simgate.transport.CardTransportException;
import org.simgate.transport.Hex;

/**
 * A card that answers from a script: each exchange is the C-APDU it expects, in hex, and the R-APDU
 * it gives back. Any other command is a test failure. It answers the way a T=0 card does (61xx,
 * 6Cxx), so code under test that talks to it through {@code ProcedureBytes.wrap} exercises the real
 * procedure-byte wrappers.
 *
 * <p>Thread-safe enough for one slot thread transmitting while the test thread scripts, inspects
 * and pulls the card: no lock is held while an answer blocks.
 */
public final class ScriptedCard implements CardTransport {
    /** The ATR of this card (a sysmoUSIM-like T=0 card; the bytes matter only as "the ATR"). */
    public static final String ATR = "3B9F96801FC78031A073BE21136743200718000001A5";

    /** What the card answers to one expected command; may block, or throw like a transport does. */
    @FunctionalInterface
    public interface Answer {
        byte[] answer() throws Exception;
    }

    private record Exchange(String command, Answer answer) {
    }

    private final Deque<Exchange> script = new ConcurrentLinkedDeque<>();
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger connects = new AtomicInteger();
    private final AtomicInteger closes = new AtomicInteger();
    private volatile CardTransportException absent;
    private volatile AssertionError unexpected;

    /** Expects {@code command} next and answers {@code answer} (both hex; spaces are ignored). */
    public ScriptedCard expect(String command, String answer) {
        byte[] bytes = Hex.decode(answer.replace(" ", ""));
        return expect(command, () -> bytes);
    }

    /** Expects {@code command} next and answers whatever {@code answer} does when it comes. */
    public ScriptedCard expect(String command, Answer answer) {
        script.addLast(new Exchange(normalise(command), answer));
        return this;
    }

    /** From now on connect() fails as a reader with an empty slot does. */
    public void removeCard() {
        absent = new CardTransportException.NoCard("no card in the scripted reader");
    }

    /** From now on connect() fails as an unplugged reader or a dead daemon does. */
    public void loseTransport() {
        absent = new CardTransportException.TransportDown("scripted reader gone");
    }

    /** The card (and its reader) is back. */
    public void insertCard() {
        absent = null;
    }

    public int connects() {
        return connects.get();
    }

    public int closes() {
        return closes.get();
    }

    /** Every C-APDU received so far, upper-case hex. */
    public List<String> sent() {
        return new ArrayList<>(sent);
    }

    /** Fails unless every scripted exchange took place and nothing else was sent. */
    public void assertScriptDone() {
        if (unexpected != null) {
            throw unexpected;
        }
        if (!script.isEmpty()) {
            throw new AssertionError("the card still expects " + script.stream().map(Exchange::command).toList()
                    + "; it received " + sent);
        }
    }

    @Override
    public byte[] connect() throws CardTransportException {
        connects.incrementAndGet();
        CardTransportException failure = absent;
        if (failure != null) {
            throw failure;
        }
        return Hex.decode(ATR);
    }

    @Override
    public byte[] transmit(byte[] command) throws CardTransportException {
        String hex = Hex.upper(command);
        sent.add(hex);
        Exchange next = script.pollFirst();
        if (next == null || !next.command().equals(hex)) {
            AssertionError error = new AssertionError("the card received " + hex + " but expected "
                    + (next == null ? "nothing more" : next.command()));
            if (unexpected == null) {
                unexpected = error;
            }
            throw error;
        }
        try {
            return next.answer().answer();
        } catch (CardTransportException | RuntimeException | Error e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CardTransportException.Timeout("interrupted while the scripted card was answering");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean isPresent() {
        return absent == null;
    }

    @Override
    public String describe() {
        return "scripted card";
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }

    private static String normalise(String hex) {
        return hex.replace(" ", "").toUpperCase(Locale.ROOT);
    }
}
