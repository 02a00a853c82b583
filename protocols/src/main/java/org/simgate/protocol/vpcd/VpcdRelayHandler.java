package org.simgate.protocol.vpcd;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import org.simgate.service.CardSession;
import org.simgate.service.Outcome;
import org.simgate.service.SimService;
import org.simgate.service.SlotException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Plays the card for one vpcd connection, with one simgate slot behind it. Every message becomes
 * one slot transaction, so nothing else reaches the card inside it and nothing of it runs on this
 * event loop:
 * <ul>
 *   <li>{@code 01} power on and {@code 02} reset: the slot's card is reset; vpcd expects no answer.</li>
 *   <li>{@code 00} power off: nothing. A real power-off loses the card's state, and so does the reset
 *       that the next power on does; until then the card stays up for the slot's other users.</li>
 *   <li>{@code 04} get ATR (vpcd also asks it every ~400 ms to see the card is still there): the ATR
 *       the slot's card gave when it was last powered up.</li>
 *   <li>anything longer: a C-APDU, sent to the card unchanged; the R-APDU comes back unchanged, 61xx
 *       and 6Cxx included (the PC/SC client owns procedure bytes and logical channels).</li>
 * </ul>
 * When the slot cannot answer (no card, reader or daemon down, timeout) the relay answers with an
 * empty frame and closes: vpcd reads that as the card removed and shows an empty reader. A C-APDU
 * the slot refuses as malformed (shorter than a header, longer than a short APDU) gets 6700, as a
 * card without extended length would answer.
 *
 * <p>vpcd waits for each answer before it sends more, so messages are handled one at a time in
 * arrival order; a peer that pipelines anyway is read no further until the backlog drains.
 */
public final class VpcdRelayHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(VpcdRelayHandler.class);
    private static final byte[] WRONG_LENGTH = {0x67, 0x00};
    private static final byte[] CARD_GONE = new byte[0];
    /** vpcd has at most a power on and a request outstanding; more means a peer that is not vpcd. */
    private static final int MAX_WAITING = 8;

    private final SimService service;
    private final int slot;
    private final ArrayDeque<VpcdMessage> waiting = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private boolean busy;
    private boolean closing;

    public VpcdRelayHandler(SimService service, int slot) {
        this.service = service;
        this.slot = slot;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        try (var ignored = slotContext()) {
            log.info("vpcd relay: slot {} is a card for vpcd at {}", slot, peer(ctx));
        }
        QuickAck.rearm(ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        try (var ignored = slotContext()) {
            log.info("vpcd relay: slot {} left vpcd at {}", slot, peer(ctx));
        }
        waiting.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof VpcdMessage message)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (closing) {
            return;
        }
        waiting.add(message);
        if (waiting.size() >= MAX_WAITING) {
            ctx.channel().config().setAutoRead(false);
        }
        if (!busy) {
            next();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // vpcd may send a frame's length and body as two segments: ACK at once, or each APDU waits
        // out the peer's delayed ACK (~40 ms)
        QuickAck.rearm(ctx.channel());
        ctx.fireChannelReadComplete();
    }

    private void next() {
        VpcdMessage message = waiting.poll();
        if (message == null) {
            busy = false;
            ctx.channel().config().setAutoRead(true);
            return;
        }
        busy = true;
        CompletableFuture<byte[]> answer;
        try {
            answer = handle(message);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((bytes, error) -> {
            if (ctx.executor().inEventLoop()) {
                answered(message, bytes, error);
            } else {
                ctx.executor().execute(() -> answered(message, bytes, error));
            }
        });
    }

    private CompletableFuture<byte[]> handle(VpcdMessage message) {
        if (message instanceof VpcdMessage.Apdu apdu) {
            byte[] command = apdu.command();
            return service.transaction(slot, card -> card.transmit(command));
        }
        return switch ((VpcdMessage.Control) message) {
            case POWER_ON, RESET -> service.reset(slot).thenApply(atr -> null);
            case POWER_OFF -> CompletableFuture.completedFuture(null);
            case GET_ATR -> service.transaction(slot, CardSession::atr);
        };
    }

    private void answered(VpcdMessage message, byte[] answer, Throwable error) {
        if (closing || !ctx.channel().isActive()) {
            return;
        }
        if (error == null) {
            if (answer != null) {
                ctx.writeAndFlush(answer, ctx.voidPromise());
            } else if (message == VpcdMessage.Control.GET_ATR) {
                cardGone("the card gave no ATR");
                return;
            }
            next();
            return;
        }
        Throwable cause = Outcome.cause(error);
        SlotException.Kind kind = cause instanceof SlotException slotError ? slotError.kind() : SlotException.Kind.INTERNAL;
        if (message instanceof VpcdMessage.Apdu && kind == SlotException.Kind.BAD_REQUEST) {
            ctx.writeAndFlush(WRONG_LENGTH, ctx.voidPromise());
            next();
        } else if (message == VpcdMessage.Control.POWER_ON || message == VpcdMessage.Control.RESET) {
            // vpcd expects no answer; its next get ATR finds out and removes the card
            try (var ignored = slotContext()) {
                log.debug("vpcd relay: slot {}: power on failed: {}", slot, cause.getMessage());
            }
            next();
        } else {
            if (kind == SlotException.Kind.FORBIDDEN || kind == SlotException.Kind.NO_SUCH_SLOT
                    || kind == SlotException.Kind.INTERNAL) {
                try (var ignored = slotContext()) {
                    log.warn("vpcd relay: slot {}: {}", slot, cause.getMessage());
                }
            }
            cardGone(cause.getMessage());
        }
    }

    /** Tells vpcd the card is gone (an empty frame) and hangs up; the relay comes back when a card does. */
    private void cardGone(String why) {
        closing = true;
        waiting.clear();
        try (var ignored = slotContext()) {
            log.info("vpcd relay: slot {}: card gone for vpcd at {} ({})", slot, peer(ctx), why);
        }
        ctx.writeAndFlush(CARD_GONE).addListener(ChannelFutureListener.CLOSE);
    }

    /** MDC {@code slot} around this relay's log lines: the event loop serves other slots too. */
    private MDC.MDCCloseable slotContext() {
        return MDC.putCloseable("slot", Integer.toString(slot));
    }

    private static String peer(ChannelHandlerContext ctx) {
        if (ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress address) {
            return address.getHostString() + ":" + address.getPort();
        }
        return String.valueOf(ctx.channel().remoteAddress());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            try (var ignored = slotContext()) {
                log.warn("vpcd relay: slot {}: closing the connection from {}: {}", slot, peer(ctx),
                        cause.getMessage());
            }
        } else {
            try (var ignored = slotContext()) {
                log.debug("vpcd relay: slot {}: {}", slot, cause.toString());
            }
        }
        closing = true;
        ctx.close();
    }
}
