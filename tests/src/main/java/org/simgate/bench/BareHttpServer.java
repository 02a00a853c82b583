package org.simgate.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import jnasmartcardio.PcscCalls;
import org.simgate.gateway.slot.CardWork;
import org.simgate.gateway.slot.SlotExecutor;

/**
 * The reference of scripts/bench-http: the most an HTTP/1.1 server can do on this machine with
 * Netty. Epoll when available, Netty's HTTP codec, flush consolidation, and a fixed JSON body
 * answered on the event loop to every request as soon as its last byte is read (no aggregator, no
 * parsing, no other thread), keep-alive unless the client says close. The event loops are laid out
 * as simgate's (one acceptor, as many I/O threads as available processors), and the body should be
 * as long as simgate's answer to the request measured, so that both servers write the same bytes.
 *
 * <p>Runs with the gateway's jar on the class path (scripts/bench-http compiles it first):
 * {@code java -cp gateway/target/simgate.jar tests/src/main/java/org/simgate/bench/BareHttpServer.java
 * --port 0 --body '{"successful_3g_authentication":{...}}'}. Prints {@code listening on PORT (epoll, N
 * I/O threads)} once bound, then serves until killed. Options: --port (0: any free one), --threads
 * (default availableProcessors), --body (default simgate's answer to slot 0 of tests/load/bench.conf),
 * --hand-off N.
 *
 * <p>{@code --hand-off N}: the least a server that keeps card I/O off its event loops must do. Each
 * request's answer is taken from one of N slot threads, simgate's own {@link SlotExecutor} (the
 * request's last path digit picks it, as tests/load/sim-auth.lua alternates slots 0 and 1), and
 * written when that thread hands it back: the hand-off and nothing else of simgate (no JSON, no
 * checks, no card). Against the bare server it measures what the rule costs; against simgate, what
 * simgate's own work costs.
 *
 * <p>{@code --card READER} (with {@code --hand-off}): each answer is taken after a real AKA on the card
 * in that PC/SC reader, AUTHENTICATE then GET RESPONSE on the slot thread (SELECT ADF.USIM once, the
 * card held exclusively), as a pcsc slot sends them: the least a gateway that follows the rule can
 * do at one card's pace (scripts/bench-pcsc). The body stays the fixed one; the card must run with
 * its SQN check off, as in that script.
 */
public final class BareHttpServer {
    /** simgate's answer to the AKA of tests/load/sim-auth.lua on slot 0 of tests/load/bench.conf (163 bytes; slot 1's is as long). */
    private static final String DEFAULT_BODY = "{\"successful_3g_authentication\":{\"res\":\"9d17cd1d46269624\","
            + "\"ck\":\"4461e8daf40de2d786931d9d4ae45f9f\",\"ik\":\"91ab134c94f05233daf7d74b9a3419e2\","
            + "\"kc\":\"89ae3140b02df699\"}}";

    private BareHttpServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 0;
        int threads = Runtime.getRuntime().availableProcessors();
        String body = DEFAULT_BODY;
        int handOff = 0;
        String card = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--body" -> body = args[++i];
                case "--hand-off" -> handOff = Integer.parseInt(args[++i]);
                case "--card" -> card = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--port N, --threads N, --body JSON, --hand-off SLOTS, --card READER)");
            }
        }
        if (card != null && handOff == 0) {
            throw new IllegalArgumentException("--card needs --hand-off: card I/O never runs on an event loop");
        }
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> serverChannel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, factory);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(threads, factory);
        SlotExecutor[] slots = new SlotExecutor[handOff];
        for (int i = 0; i < handOff; i++) {
            slots[i] = new SlotExecutor("slot " + i, String.valueOf(i), 1024, Duration.ofSeconds(10));
        }
        ByteBuf fixed = Unpooled.unreleasableBuffer(
                Unpooled.directBuffer().writeBytes(body.getBytes(StandardCharsets.UTF_8)).asReadOnly());
        CardWork<ByteBuf> work = card == null ? fixed::duplicate : new CardAka(card, fixed);
        Channel server = new ServerBootstrap()
                .group(acceptor, workers)
                .channel(serverChannel)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline()
                                .addLast(new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true))
                                .addLast(new HttpServerCodec())
                                .addLast(new FixedAnswer(fixed, work, slots));
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
        System.out.printf("listening on %d (%s, %d I/O threads%s)%n", ((InetSocketAddress) server.localAddress()).getPort(),
                epoll ? "epoll" : "nio", threads, handOff > 0 ? ", answers handed off to " + handOff + " slot threads" : "");
        System.out.flush();
        server.closeFuture().sync();
    }

    /** The card's AKA, on the slot thread: raw SCardTransmit calls, as a pcsc slot makes them. */
    private static final class CardAka implements CardWork<ByteBuf> {
        private static final HexFormat HEX = HexFormat.of();
        private static final byte[] SELECT_USIM = HEX.parseHex("00a4040c10a0000000871002ffffffff8907090000");
        /** TS 35.208 test set 1, SQN 000000000020. */
        private static final byte[] AUTHENTICATE = HEX.parseHex("0088008122" + "10" + "00112233445566778899aabbccddeeff"
                + "10" + "3cbc31a43007800010f4e2e95de26b00");
        private static final byte[] GET_RESPONSE = HEX.parseHex("00c0000035");
        private final String reader;
        private final ByteBuf body;
        private PcscCalls pcsc;
        private PcscCalls.Connection card;

        CardAka(String reader, ByteBuf body) {
            this.reader = reader;
            this.body = body;
        }

        @Override
        public ByteBuf run() throws Exception {
            if (card == null) {
                pcsc = PcscCalls.load();
                card = pcsc.connect(pcsc.establishContext(), reader, PcscCalls.SCARD_SHARE_EXCLUSIVE,
                        PcscCalls.SCARD_PROTOCOL_T0 | PcscCalls.SCARD_PROTOCOL_T1);
                pcsc.transmit(card.handle(), card.protocol(), SELECT_USIM);
            }
            byte[] first = pcsc.transmit(card.handle(), card.protocol(), AUTHENTICATE);
            byte[] answer = pcsc.transmit(card.handle(), card.protocol(), GET_RESPONSE);
            if (first[first.length - 2] != 0x61 || answer.length != 0x37 || answer[0] != (byte) 0xdb) {
                throw new IllegalStateException("the card did not authenticate");
            }
            return body.duplicate();
        }
    }

    /** Answers every request, when its last byte is read, with the fixed body (from a slot thread, if any). */
    private static final class FixedAnswer extends ChannelInboundHandlerAdapter {
        private final ByteBuf fixed;
        private final CardWork<ByteBuf> work;
        private final SlotExecutor[] slots;
        private boolean keepAlive = true;
        private int slot;

        FixedAnswer(ByteBuf fixed, CardWork<ByteBuf> work, SlotExecutor[] slots) {
            this.fixed = fixed;
            this.work = work;
            this.slots = slots;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest request) {
                    keepAlive = HttpUtil.isKeepAlive(request);
                    String uri = request.uri();
                    slot = slots.length == 0 ? 0 : Character.digit(uri.charAt(uri.length() - 1), 10) % slots.length;
                }
                if (msg instanceof LastHttpContent) {
                    if (slots.length == 0) {
                        answer(ctx, fixed.duplicate(), keepAlive);
                    } else {
                        boolean keep = keepAlive;
                        slots[Math.max(slot, 0)].submit(work).whenComplete((answer, failure) ->
                                ctx.executor().execute(() -> {
                                    if (failure != null) {
                                        ctx.close();
                                    } else {
                                        answer(ctx, answer, keep);
                                    }
                                }));
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private static void answer(ChannelHandlerContext ctx, ByteBuf body, boolean keepAlive) {
            FullHttpResponse response = new DefaultFullHttpResponse(io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                    HttpResponseStatus.OK, body, DefaultHttpHeadersFactory.headersFactory().withValidation(false),
                    DefaultHttpHeadersFactory.trailersFactory().withValidation(false));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            if (keepAlive) {
                ctx.writeAndFlush(response, ctx.voidPromise());
            } else {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
