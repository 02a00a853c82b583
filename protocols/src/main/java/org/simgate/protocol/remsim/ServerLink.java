package org.simgate.protocol.remsim;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;

import org.simgate.rspro.ComponentIdentity;
import org.simgate.rspro.ResultCode;
import org.simgate.rspro.RsproMessage;
import org.simgate.rspro.RsproMessage.ConnectBankReq;
import org.simgate.rspro.RsproMessage.ConnectBankRes;
import org.simgate.rspro.RsproMessage.CreateMappingReq;
import org.simgate.rspro.RsproMessage.CreateMappingRes;
import org.simgate.rspro.RsproMessage.RemoveMappingReq;
import org.simgate.rspro.RsproMessage.RemoveMappingRes;
import org.simgate.rspro.RsproMessage.ResetStateRes;
import org.simgate.rspro.RsproPdu;
import org.simgate.rspro.RsproPipeline;
import org.simgate.rspro.ipa.KeepaliveTimers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bank's control link to the remsim-server: connects, announces the bank (ConnectBankReq with its id
 * and number of slots), applies the mappings the server sends, and connects again with back-off (1 s
 * doubling to 30 s) whenever the link is refused, lost, or the server answers anything but ok.
 */
final class ServerLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServerLink.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LAST_RETRY = Duration.ofSeconds(30);

    private final RemsimBankConfig config;
    private final ComponentIdentity identity;
    private final BankMappings mappings;
    private final BankState state;
    private final Bootstrap bootstrap;
    private final EventLoop loop;
    private volatile boolean closed;
    private volatile Channel channel;
    private volatile boolean registered;
    private Duration nextRetry = FIRST_RETRY;
    /** The link problem last logged above DEBUG; null once registered. */
    private volatile String lastProblem;

    ServerLink(RemsimBankConfig config, ComponentIdentity identity, BankMappings mappings, BankState state,
               EventLoopGroup workers, Class<? extends SocketChannel> channelClass) {
        this.config = config;
        this.identity = identity;
        this.mappings = mappings;
        this.state = state;
        this.loop = workers.next();
        KeepaliveTimers timers = new KeepaliveTimers(config.pingInterval(), config.pongTimeout());
        this.bootstrap = new Bootstrap().group(loop).channel(channelClass)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        RsproPipeline.addTo(ch.pipeline(), timers, false);
                        ch.pipeline().addLast("remsim-server-link", new Handler());
                    }
                });
    }

    void start() {
        loop.execute(this::connect);
    }

    /** Whether the server accepted this bank (ConnectBankRes ok) on the link that is up now. */
    boolean registered() {
        return registered;
    }

    private void connect() {
        if (closed) {
            return;
        }
        state.serverConnecting();
        ChannelFuture connecting = bootstrap.connect(config.serverHost(), config.serverPort());
        channel = connecting.channel();
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                String problem = "not reachable: " + done.cause().getMessage();
                if (firstTime(problem)) {
                    log.warn("remsim bank {}: server {}:{} not reachable ({}); again in {} s, and with back-off "
                            + "until it is (the same failure again is logged at DEBUG)", config.bankId(),
                            config.serverHost(), config.serverPort(), done.cause().getMessage(), nextRetry.toSeconds());
                } else {
                    log.debug("remsim bank {}: server {}:{} still not reachable ({}); again in {} s", config.bankId(),
                            config.serverHost(), config.serverPort(), done.cause().getMessage(), nextRetry.toSeconds());
                }
                state.serverUnreachable(problem);
                retryLater();
            }
        });
    }

    /**
     * Whether {@code problem} differs from the one logged last: a bank left running for months against
     * a server that is down, or that refuses it, retries every 30 s, and one line says it.
     */
    private boolean firstTime(String problem) {
        boolean first = !problem.equals(lastProblem);
        lastProblem = problem;
        return first;
    }

    private void retryLater() {
        if (closed) {
            return;
        }
        Duration wait = nextRetry;
        nextRetry = nextRetry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : nextRetry.multipliedBy(2);
        loop.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        Channel current = channel;
        if (current != null) {
            current.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<RsproPdu> {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(RsproPdu.of(new ConnectBankReq(identity, config.bankId(), config.slots().size())));
            ctx.fireChannelActive();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (registered && !closed) {
                log.warn("remsim bank {}: link to server {} lost; connecting again", config.bankId(),
                        ctx.channel().remoteAddress());
            }
            registered = false;
            state.serverClosed();
            retryLater();
            ctx.fireChannelInactive();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, RsproPdu pdu) {
            RsproMessage msg = pdu.msg();
            if (msg instanceof ConnectBankRes res) {
                if (res.result().isOk()) {
                    registered = true;
                    nextRetry = FIRST_RETRY;
                    lastProblem = null;
                    state.serverRegistered();
                    log.info("remsim bank {}: registered with server {} ({} slots)", config.bankId(),
                            ctx.channel().remoteAddress(), config.slots().size());
                } else {
                    String why = res.result() + (res.result().equals(ResultCode.IDENTITY_IN_USE)
                            ? " (another bank with this bank-id is connected)" : "");
                    if (firstTime("refused: " + why)) {
                        log.error("remsim bank {}: server {} refused the bank: {}; trying again with back-off "
                                + "(the same refusal again is logged at DEBUG)", config.bankId(),
                                ctx.channel().remoteAddress(), why);
                    } else {
                        log.debug("remsim bank {}: server {} refused the bank again: {}", config.bankId(),
                                ctx.channel().remoteAddress(), why);
                    }
                    state.serverRefused(res.result());
                    ctx.close();
                }
            } else if (msg instanceof CreateMappingReq req) {
                ResultCode result = mappings.create(req.client(), req.bank());
                log.info("remsim bank {}: mapping {} -> {}: {}", config.bankId(), req.bank(), req.client(), result);
                ctx.writeAndFlush(new RsproPdu(RsproPdu.VERSION, pdu.tag(), new CreateMappingRes(result)));
            } else if (msg instanceof RemoveMappingReq req) {
                ResultCode result = mappings.remove(req.client(), req.bank());
                log.info("remsim bank {}: mapping {} -> {} removed: {}", config.bankId(), req.bank(), req.client(),
                        result);
                ctx.writeAndFlush(new RsproPdu(RsproPdu.VERSION, pdu.tag(), new RemoveMappingRes(result)));
            } else if (msg instanceof RsproMessage.ResetStateReq) {
                log.info("remsim bank {}: server reset the state: every mapping removed", config.bankId());
                mappings.removeAll();
                ctx.writeAndFlush(new RsproPdu(RsproPdu.VERSION, pdu.tag(), new ResetStateRes(ResultCode.OK)));
            } else if (msg instanceof RsproMessage.ErrorInd error) {
                log.warn("remsim bank {}: server reports {}", config.bankId(), error);
            } else {
                log.warn("remsim bank {}: unexpected {} from the server: ignored", config.bankId(),
                        msg.getClass().getSimpleName());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.warn("remsim bank {}: server link failed: {}", config.bankId(), cause.toString());
            ctx.close();
        }
    }
}
