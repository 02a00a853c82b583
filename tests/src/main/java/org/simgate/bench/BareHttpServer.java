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
 * (default availableProcessors), --body (default simgate's answer to slot 0 of tests/load/bench.conf).
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
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--body" -> body = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--port N, --threads N, --body JSON)");
            }
        }
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> serverChannel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, factory);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(threads, factory);
        ByteBuf fixed = Unpooled.unreleasableBuffer(
                Unpooled.directBuffer().writeBytes(body.getBytes(StandardCharsets.UTF_8)).asReadOnly());
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
                                .addLast(new FixedAnswer(fixed));
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
        System.out.printf("listening on %d (%s, %d I/O threads)%n", ((InetSocketAddress) server.localAddress()).getPort(),
                epoll ? "epoll" : "nio", threads);
        System.out.flush();
        server.closeFuture().sync();
    }

    /** Answers every request, when its last byte is read, with the fixed body. */
    private static final class FixedAnswer extends ChannelInboundHandlerAdapter {
        private final ByteBuf body;
        private boolean keepAlive = true;

        FixedAnswer(ByteBuf body) {
            this.body = body;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest request) {
                    keepAlive = HttpUtil.isKeepAlive(request);
                }
                if (msg instanceof LastHttpContent) {
                    FullHttpResponse response = new DefaultFullHttpResponse(io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                            HttpResponseStatus.OK, body.duplicate(), DefaultHttpHeadersFactory.headersFactory().withValidation(false),
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
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
