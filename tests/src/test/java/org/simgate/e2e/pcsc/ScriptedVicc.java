package org.simgate.e2e.pcsc;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal card for vpcd, for what simgate's own cards cannot show: an ATR of the test's choosing
 * (a T=1 card). It answers get ATR with that ATR, ignores power on/off/reset as vpcd expects, and
 * answers every C-APDU with its first byte then 9000, recording the commands.
 */
final class ScriptedVicc implements AutoCloseable {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    final List<String> commands = new CopyOnWriteArrayList<>();
    private final Socket socket;
    private final Thread thread;

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
                        answer = new byte[] {frame[0], (byte) 0x90, 0x00};
                    }
                    out.writeShort(answer.length);
                    out.write(answer);
                    out.flush();
                }
            } catch (IOException closed) {
                // vpcd or the test hung up
            }
        }, "scripted-vicc");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
