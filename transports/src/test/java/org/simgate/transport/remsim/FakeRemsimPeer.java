package org.simgate.transport.remsim;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.simgate.rspro.BankSlot;
import org.simgate.rspro.ComponentIdentity;
import org.simgate.rspro.ComponentType;
import org.simgate.rspro.IpPort;
import org.simgate.rspro.ResultCode;
import org.simgate.rspro.RsproMessage;
import org.simgate.rspro.RsproPdu;
import org.simgate.rspro.RsproPipeline;
import org.simgate.rspro.TpduFlags;
import org.simgate.rspro.ipa.KeepaliveTimers;

/**
 * A minimal remsim server or bank on a real TCP socket (127.0.0.1, port chosen by the system), written
 * from the protocol for the remsim client's tests (here and, through this module's test-jar, the slot's
 * end-to-end tests): the server accepts clients and sends the mapping it is given; the bank accepts
 * clients, sends the card's ATR and answers TPDUs with a function of the command (a simulated card's
 * raw transmit).
 */
public final class FakeRemsimPeer implements AutoCloseable {
    static final BankSlot BANK_SLOT = new BankSlot(1, 0);
    private static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory("fake-remsim", true), NioIoHandler.newFactory());

    private final ComponentType type;
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    final List<RsproMessage> received = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    private Channel listener;
    private int port;
    // server
    private volatile RsproMessage.ConfigClientBankReq mapping;
    private volatile ResultCode connectResult = ResultCode.OK;
    // bank
    private volatile byte[] atr = new byte[] {0x3B, 0x00};
    private volatile UnaryOperator<byte[]> card = command -> new byte[] {(byte) 0x90, 0x00};
    private volatile boolean silent;

    private FakeRemsimPeer(ComponentType type) {
        this.type = type;
    }

    public static FakeRemsimPeer server() {
        return new FakeRemsimPeer(ComponentType.REMSIM_SERVER).listen(0);
    }

    public static FakeRemsimPeer bank(UnaryOperator<byte[]> card) {
        FakeRemsimPeer bank = new FakeRemsimPeer(ComponentType.REMSIM_BANKD);
        bank.card = card;
        return bank.listen(0);
    }

    public int port() {
        return port;
    }

    /** The server maps every client to {@code bank}'s slot (and tells the connected ones now). */
    public void map(FakeRemsimPeer bank) throws Exception {
        send(new RsproMessage.ConfigClientBankReq(BANK_SLOT, new IpPort(InetAddress.getLoopbackAddress(), bank.port())));
    }

    /** The server removes the mapping: 0.0.0.0:0, as osmo-remsim-server sends it. */
    public void unmap() throws Exception {
        send(new RsproMessage.ConfigClientBankReq(BANK_SLOT, new IpPort(InetAddress.getByName("0.0.0.0"), 0)));
        mapping = null;
    }

    private void send(RsproMessage.ConfigClientBankReq req) {
        mapping = req;
        clients.writeAndFlush(RsproPdu.of(req));
    }

    public void refuseClients(ResultCode result) {
        connectResult = result;
    }

    public void silent(boolean on) {
        silent = on;
    }

    public void atr(byte[] atr) {
        this.atr = atr;
    }

    /** Stops listening and hangs up on every client, as a killed process would. */
    public void stop() {
        listener.close().syncUninterruptibly();
        clients.close().syncUninterruptibly();
    }

    /** Listens again on the same port. */
    public void restart() {
        listen(port);
    }

    @Override
    public void close() {
        stop();
    }

    public <T extends RsproMessage> List<T> receivedOf(Class<T> kind) {
        return received.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    private FakeRemsimPeer listen(int onPort) {
        listener = new ServerBootstrap().group(GROUP).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.incrementAndGet();
                        RsproPipeline.addTo(channel.pipeline(), KeepaliveTimers.OSMO_REMSIM,
                                type == ComponentType.REMSIM_SERVER);
                        channel.pipeline().addLast(new Handler());
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort)).syncUninterruptibly().channel();
        port = ((InetSocketAddress) listener.localAddress()).getPort();
        return this;
    }

    private final class Handler extends SimpleChannelInboundHandler<RsproPdu> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, RsproPdu pdu) {
            RsproMessage msg = pdu.msg();
            received.add(msg);
            if (msg instanceof RsproMessage.ConnectClientReq req) {
                ResultCode result = connectResult;
                ctx.writeAndFlush(RsproPdu.of(new RsproMessage.ConnectClientRes(
                        ComponentIdentity.of(type, "fake", "fake-" + type.restName(), "1"), result)));
                if (!result.isOk()) {
                    return;
                }
                clients.add(ctx.channel());
                if (type == ComponentType.REMSIM_SERVER) {
                    RsproMessage.ConfigClientBankReq now = mapping;
                    if (now != null) {
                        ctx.writeAndFlush(RsproPdu.of(now));
                    }
                } else {
                    ctx.writeAndFlush(RsproPdu.of(new RsproMessage.SetAtrReq(req.clientSlot(), atr)));
                }
            } else if (msg instanceof RsproMessage.TpduModemToCard tpdu && !silent) {
                ctx.writeAndFlush(RsproPdu.of(new RsproMessage.TpduCardToModem(tpdu.toBankSlot(),
                        tpdu.fromClientSlot(), TpduFlags.NONE, card.apply(tpdu.data()))));
            }
        }
    }
}
