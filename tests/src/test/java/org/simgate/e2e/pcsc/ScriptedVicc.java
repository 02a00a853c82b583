package org.simgate.e2e.pcsc;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A minimal card for vpcd, for what simgate's own cards cannot show: an ATR of the test's choosing
 * (a T=1 card), and a card that keeps its answer (a hung card, or one that is slow while the test
 * does something to pcscd). It answers get ATR with that ATR, ignores power on/off/reset as vpcd
 * expects, and answers every C-APDU with its first byte then 9000, recording the commands.
 */
final class ScriptedVicc implements AutoCloseable {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    final List<String> commands = new CopyOnWriteArrayList<>();
    private final Socket socket;
    private final Thread thread;
    /** While set, a C-APDU's answer waits until it is released (or the card is closed). */
    private volatile CountDownLatch hold;
    private final Semaphore held = new Semaphore(0);

    ScriptedVicc(int vpcdPort, String atrHex) throws IOException {
        byte[] atr = HEX.parseHex(atrHex);
        socket = new Socket("127.0.0.1", vpcdPort);
        socket.setTcpNoDelay(true);
        DataInputStream in = new DataInputStream(socket.getInputStream());
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        thread = new Thread(() -> {
            try {
                while (true) {
                    byte[] frame = new byte[in.readUnsignedShort()];
                    in.readFully(frame);
                    byte[] answer;
                    if (frame.length == 1) {
                        if (frame[0] != 4) {
                            continue; // power on, off, reset: no answer
                        }
                        answer = atr;
                    } else {
                        commands.add(HEX.formatHex(frame));
                        CountDownLatch gate = hold;
                        if (gate != null) {
                            held.release();
                            gate.await();
                        }
                        answer = new byte[] {frame[0], (byte) 0x90, 0x00};
                    }
                    out.writeShort(answer.length);
                    out.write(answer);
                    out.flush();
                }
            } catch (IOException closed) {
                // vpcd or the test hung up
            } catch (InterruptedException closed) {
                // the test closed the card while it held an answer
            }
        }, "scripted-vicc");
        thread.setDaemon(true);
        thread.start();
    }

    /** From now on every C-APDU's answer is kept until {@link #release}: the card hangs mid-APDU. */
    void holdAnswers() {
        hold = new CountDownLatch(1);
    }

    /** Sends the kept answers, and answers at once again. */
    void release() {
        CountDownLatch gate = hold;
        hold = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    /** Waits until a C-APDU arrived while answers are kept: an APDU is in flight, stuck in the card. */
    boolean awaitHeld(Duration within) throws InterruptedException {
        return held.tryAcquire(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        thread.interrupt();
    }
}
