package org.simgate.protocol.vpcd;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;
import org.simgate.service.CardSession;
import org.simgate.service.SimService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The relay's usual direction: simgate connects out to a vpcd (pcscd's virtual reader, listening on
 * 35963 by default) and so puts a card into that reader. It connects only while the slot has a card
 * to offer (a connection is a card insertion for vpcd), and connects again, every {@code retry},
 * after vpcd went away, the card did, or the first attempt failed: the reader on the far side empties
 * and fills as the slot does, and a vpcd that starts later than simgate is found.
 */
public final class VpcdConnector implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VpcdConnector.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    /**
     * How long the card stays out after a connection ends. pcscd asks vpcd about the card every
     * ~400 ms; a card back sooner was never seen leaving, and pcscd, which marked it absent when an
     * APDU failed, would not see it inserted again either.
     */
    static final long MIN_ABSENCE_MILLIS = 1_000;

    private final Bootstrap bootstrap;
    private final EventLoop loop;
    private final SimService service;
    private final int slot;
    private final String host;
    private final int port;
    private final long retryMillis;
    private volatile boolean stopped;
    private volatile Channel channel;
    /** The last reason not to be connected, logged once per change rather than every retry. */
    private String lastProblem;

    public VpcdConnector(EventLoopGroup group, Class<? extends Channel> channelClass, String host, int port,
                         SimService service, int slot, Duration retry) {
        this(group, channelClass, host, port, service, slot, retry, null, null);
    }

    /**
     * @param tls      a client TLS context for the connection (a TLS terminator in front of vpcd, or a
     *                 simgate-side peer), or null: plain TCP
     * @param authLine a fresh AUTH line for each connection, sent first as an AUTH frame; null: none
     */
    public VpcdConnector(EventLoopGroup group, Class<? extends Channel> channelClass, String host, int port,
                         SimService service, int slot, Duration retry, SslContext tls, Supplier<String> authLine) {
        this.loop = group.next();
        this.service = service;
        this.slot = slot;
        this.host = host;
        this.port = port;
        this.retryMillis = Math.max(1, retry.toMillis());
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(channelClass)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .handler(VpcdInitializer.connecting(service, slot, host, port, tls, authLine));
    }

    /** Starts trying; returns at once. */
    public VpcdConnector start() {
        loop.execute(this::attempt);
        return this;
    }

    /** Whether a vpcd has the slot's card now. */
    public boolean connected() {
        Channel c = channel;
        return c != null && c.isActive();
    }

    public String target() {
        return host + ":" + port;
    }

    private void attempt() {
        if (stopped) {
            return;
        }
        // ask the slot first: connecting without a card would only be hung up on at vpcd's first get ATR
        service.transaction(slot, CardSession::atr).whenComplete((atr, error) -> loop.execute(() -> {
            if (stopped) {
                return;
            }
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                problem("slot " + slot + " has no card to offer (" + cause.getMessage() + ")");
                retry();
                return;
            }
            bootstrap.connect(host, port).addListener((ChannelFuture connecting) -> {
                if (!connecting.isSuccess()) {
                    problem("vpcd at " + target() + " is not reachable (" + connecting.cause().getMessage() + ")");
                    retry();
                    return;
                }
                lastProblem = null;
                channel = connecting.channel();
                if (stopped) {
                    channel.close();
                    return;
                }
                channel.closeFuture().addListener(closed -> retryAfter(Math.max(retryMillis, MIN_ABSENCE_MILLIS)));
            });
        }));
    }

    private void problem(String problem) {
        if (!problem.equals(lastProblem)) {
            try (var ignored = slotContext()) {
                log.info("vpcd relay: {}; trying again every {} ms", problem, retryMillis);
            }
            lastProblem = problem;
        }
    }

    /** MDC {@code slot} around this relay's log lines: the event loop serves other slots too. */
    private MDC.MDCCloseable slotContext() {
        return MDC.putCloseable("slot", Integer.toString(slot));
    }

    private void retry() {
        retryAfter(retryMillis);
    }

    private void retryAfter(long millis) {
        if (!stopped) {
            loop.schedule(this::attempt, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops trying and hangs up: vpcd sees the card removed. */
    @Override
    public void close() {
        stopped = true;
        Channel c = channel;
        if (c != null) {
            c.close().awaitUninterruptibly(1_000);
        }
    }
}
