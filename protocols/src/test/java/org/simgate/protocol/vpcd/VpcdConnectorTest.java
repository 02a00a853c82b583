package org.simgate.protocol.vpcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.service.ScriptedSlot.ATR;
import static org.simgate.service.ScriptedSlot.HEX;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.simgate.service.ScriptedSlot;
import org.simgate.service.SlotException;

/** The connect-out direction against a socket playing vpcd: when the relay connects, and when it comes back. */
@Timeout(20)
class VpcdConnectorTest {
    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ScriptedSlot card = new ScriptedSlot(0);
    private final ServerSocket vpcd = listen();
    private VpcdConnector connector;

    private static ServerSocket listen() {
        try {
            return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() throws IOException {
        if (connector != null) {
            connector.close();
        }
        vpcd.close();
        loops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private VpcdConnector connector(Duration retry) {
        connector = new VpcdConnector(loops, NioSocketChannel.class, "127.0.0.1", vpcd.getLocalPort(), card, 0, retry);
        return connector.start();
    }

    private static String getAtr(Socket socket) throws IOException {
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.write(HEX.parseHex("000104"));
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] atr = new byte[in.readUnsignedShort()];
        in.readFully(atr);
        return HEX.formatHex(atr);
    }

    @Test
    void connectsAndPlaysTheSlotsCard() throws Exception {
        connector(Duration.ofMillis(100));
        try (Socket relay = vpcd.accept()) {
            assertEquals(ATR, getAtr(relay));
            assertTrue(connector.connected());
        }
    }

    @Test
    void waitsForTheSlotToHaveACard() throws Exception {
        card.failure = SlotException.Kind.NO_CARD;
        connector(Duration.ofMillis(100));
        vpcd.setSoTimeout(500);
        assertThrows(SocketTimeoutException.class, vpcd::accept, "no card, no connection: that would be an insertion");
        card.failure = null;
        vpcd.setSoTimeout(5_000);
        try (Socket relay = vpcd.accept()) {
            assertEquals(ATR, getAtr(relay));
        }
    }

    @Test
    void afterAHangUpTheCardStaysOutASecondThenComesBack() throws Exception {
        connector(Duration.ofMillis(50));
        vpcd.accept().close(); // vpcd ejects the card
        long gone = System.nanoTime();
        vpcd.setSoTimeout(5_000);
        try (Socket again = vpcd.accept()) {
            long away = (System.nanoTime() - gone) / 1_000_000;
            assertTrue(away >= 900, "back after " + away + " ms: pcscd (polling every ~400 ms) would not see it leave");
            assertEquals(ATR, getAtr(again));
        }
    }

    @Test
    void aVpcdThatIsNotThereYetIsFoundWhenItComes() throws Exception {
        int port = vpcd.getLocalPort();
        vpcd.close();
        connector = new VpcdConnector(loops, NioSocketChannel.class, "127.0.0.1", port, card, 0, Duration.ofMillis(100))
                .start();
        Thread.sleep(300);
        try (ServerSocket late = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            late.setSoTimeout(5_000);
            try (Socket relay = late.accept()) {
                assertEquals(ATR, getAtr(relay));
            }
        }
    }

    @Test
    void closeHangsUpAndStopsTrying() throws Exception {
        connector(Duration.ofMillis(50));
        try (Socket relay = vpcd.accept()) {
            connector.close();
            assertEquals(-1, relay.getInputStream().read(), "the relay hung up: for vpcd the card is out");
        }
        vpcd.setSoTimeout(1_500);
        assertThrows(SocketTimeoutException.class, vpcd::accept);
    }
}
