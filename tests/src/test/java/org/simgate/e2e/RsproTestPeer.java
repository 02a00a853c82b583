package org.simgate.e2e;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

import org.simgate.rspro.ComponentIdentity;
import org.simgate.rspro.ComponentType;
import org.simgate.rspro.RsproCodec;
import org.simgate.rspro.RsproDecodeException;
import org.simgate.rspro.RsproMessage;
import org.simgate.rspro.RsproPdu;
import org.simgate.rspro.ipa.IpaCcm;
import org.simgate.rspro.ipa.IpaFrame;

/**
 * An RSPRO peer on a plain blocking socket that writes and reads raw IPA frames, as a remsim client or
 * a stray bank would: it answers PING with PONG unless told to stay silent, and hands the test each RSPRO
 * message. Written apart from simgate's Netty pipeline, so a fault there cannot hide in both ends.
 */
final class RsproTestPeer implements AutoCloseable {
    static final ComponentIdentity CLIENT = ComponentIdentity.of(ComponentType.REMSIM_CLIENT, "testhost",
            "remsim-client", "1.0.0.55-bfcca52");
    static final ComponentIdentity BANK = ComponentIdentity.of(ComponentType.REMSIM_BANKD, "testhost",
            "remsim-bankd", "1.0.0.55-bfcca52");

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private volatile boolean silent;
    private int pingsSeen;

    private RsproTestPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RsproTestPeer connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setTcpNoDelay(true);
        return new RsproTestPeer(socket);
    }

    /** From now on PINGs go unanswered: the peer looks alive on TCP but dead on IPA. */
    RsproTestPeer silent() {
        silent = true;
        return this;
    }

    /** This end's port: what the peer sees as ours. */
    int localPort() {
        return socket.getLocalPort();
    }

    int pingsSeen() {
        return pingsSeen;
    }

    void send(RsproMessage msg) throws IOException {
        out.write(IpaFrame.rspro(RsproCodec.encode(RsproPdu.of(msg))).toBytes());
        out.flush();
    }

    /** The next RSPRO message, within {@code timeout}; fails on timeout or when the peer hangs up. */
    RsproPdu receive(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            IpaFrame frame = readFrame(deadline);
            if (frame == null) {
                throw new EOFException("the peer closed the connection");
            }
            if (frame.isRspro()) {
                try {
                    return RsproCodec.decode(frame.payload(), 1, frame.payload().length - 1);
                } catch (RsproDecodeException e) {
                    throw new IOException("undecodable RSPRO from simgate: " + e.getMessage(), e);
                }
            }
        }
    }

    <T extends RsproMessage> T expect(Class<T> type) throws IOException {
        RsproPdu pdu = receive(Duration.ofSeconds(30));
        if (!type.isInstance(pdu.msg())) {
            throw new AssertionError("expected " + type.getSimpleName() + ", got " + pdu.msg());
        }
        return type.cast(pdu.msg());
    }

    /** Reads (answering PINGs unless silent) until the peer hangs up: true; false when {@code within} passes first. */
    boolean hangsUpWithin(Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            while (readFrame(deadline) != null) {
                // what comes before the hang-up does not matter here
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // a reset, or a PONG written into a closed connection: hung up too
            return true;
        }
    }

    /** One frame, or null at EOF; throws SocketTimeoutException past the deadline. */
    private IpaFrame readFrame(long deadline) throws IOException {
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException("no frame in time");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            int high = in.read();
            if (high < 0) {
                return null;
            }
            int length = (high << 8) | in.readUnsignedByte();
            int stream = in.readUnsignedByte();
            byte[] payload = new byte[length];
            in.readFully(payload);
            IpaFrame frame = new IpaFrame(stream, payload);
            IpaCcm ccm = IpaCcm.of(frame);
            if (ccm == IpaCcm.PING) {
                pingsSeen++;
                if (!silent) {
                    out.write(IpaFrame.ccm(IpaCcm.PONG).toBytes());
                    out.flush();
                }
                continue;
            }
            if (ccm != null) {
                continue;
            }
            return frame;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
