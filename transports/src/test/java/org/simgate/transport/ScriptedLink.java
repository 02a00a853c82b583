package org.simgate.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;

/** A fake card link that expects exactly the scripted C-APDUs, in order, and gives the scripted R-APDUs. */
final class ScriptedLink implements CardTransport {
    private record Exchange(String command, String answer) {
    }

    private final Deque<Exchange> script = new ArrayDeque<>();

    /** Expect this C-APDU next, and answer it so (hex, spaces allowed). */
    ScriptedLink expect(String command, String answer) {
        script.add(new Exchange(Bytes.text(Bytes.hex(command)), Bytes.text(Bytes.hex(answer))));
        return this;
    }

    @Override
    public byte[] transmit(byte[] command) {
        assertTrue(!script.isEmpty(), "unexpected C-APDU " + Bytes.text(command));
        Exchange next = script.poll();
        assertEquals(next.command(), Bytes.text(command), "C-APDU");
        return Bytes.hex(next.answer());
    }

    void assertDone() {
        assertTrue(script.isEmpty(), "C-APDUs never sent: " + script);
    }

    @Override
    public byte[] connect() {
        return Bytes.hex("3B00");
    }

    @Override
    public boolean isPresent() {
        return true;
    }

    @Override
    public String describe() {
        return "scripted link";
    }

    @Override
    public void close() {
    }
}
