package org.simgate.protocol.remsim;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

import org.simgate.rspro.BankSlot;
import org.simgate.rspro.ClientSlot;
import org.simgate.rspro.ComponentIdentity;
import org.simgate.rspro.ResultCode;
import org.simgate.rspro.RsproMessage;
import org.simgate.rspro.RsproMessage.ClientSlotStatusInd;
import org.simgate.rspro.RsproMessage.ConnectClientReq;
import org.simgate.rspro.RsproMessage.ConnectClientRes;
import org.simgate.rspro.RsproMessage.SetAtrReq;
import org.simgate.rspro.RsproMessage.TpduCardToModem;
import org.simgate.rspro.RsproMessage.TpduModemToCard;
import org.simgate.rspro.RsproPdu;
import org.simgate.rspro.SlotPhysStatus;
import org.simgate.rspro.TpduFlags;
import org.simgate.service.CardSession;
import org.simgate.service.Outcome;
import org.simgate.service.SimService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the SIM bank for one remsim client connection, as osmo-remsim-bankd's worker does:
 * <ul>
 *   <li>ConnectClientReq names the client slot. Mapped: ConnectClientRes ok, then SetAtrReq with the
 *       card's ATR. Not (yet) mapped: ConnectClientRes cardNotPresent, and the ATR follows when the
 *       server maps the client.</li>
 *   <li>TpduModemToCard: the TPDU goes to the card unchanged as one raw transmit on the slot's own thread
 *       (between other fronts' transactions, never inside one); TpduCardToModem carries the card's bytes
 *       unchanged, 61xx included: the client owns procedure bytes and channels.</li>
 *   <li>ClientSlotStatusInd: VCC falling → cold reset, RST rising (VCC on) → warm reset; both are a
 *       reset of the slot's card.</li>
 *   <li>The mapping removed: the connection is closed; the client has no card.</li>
 * </ul>
 * A card that cannot answer (no card, transport down, timeout) closes the connection: the client
 * connects again and is told cardNotPresent until the card is back.
 */
final class BankClientHandler extends SimpleChannelInboundHandler<RsproPdu> implements BankMappings.Listener {
    private static final Logger log = LoggerFactory.getLogger(BankClientHandler.class);
    /**
     * What a slot's raw transmit takes: a case 1 APDU (4 bytes, as osmo-remsim-client's PC/SC driver
     * sends one) up to a case 4 with 255 data bytes and Le (261). osmo-remsim-bankd hands any length to
     * SCardTransmit.
     */
    private static final int MIN_TPDU = 4;
    private static final int MAX_TPDU = 5 + 255 + 1;

    private final SimService service;
    private final BankMappings mappings;
    private final BankState state;
    private final List<Integer> slots;
    private final ComponentIdentity identity;
    private ChannelHandlerContext ctx;
    private ClientSlot client;
    private BankSlot bank;
    private boolean lastVccPresent = true;
    private boolean lastResetActive;
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    BankClientHandler(SimService service, BankMappings mappings, BankState state, List<Integer> slots,
                      ComponentIdentity identity) {
        this.service = service;
        this.mappings = mappings;
        this.state = state;
        this.slots = slots;
        this.identity = identity;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        mappings.listen(this);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        mappings.unlisten(this);
        if (bank != null) {
            state.clientGone(bank, this);
        }
        if (client != null) {
            log.info("remsim bank: client {} at {} disconnected", client, ctx.channel().remoteAddress());
        }
        ctx.fireChannelInactive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RsproPdu pdu) {
        RsproMessage msg = pdu.msg();
        if (msg instanceof ConnectClientReq req) {
            connect(req);
        } else if (msg instanceof TpduModemToCard tpdu) {
            transmit(tpdu);
        } else if (msg instanceof ClientSlotStatusInd status) {
            slotStatus(status);
        } else if (msg instanceof RsproMessage.SetAtrRes res) {
            if (!res.result().isOk()) {
                log.warn("remsim bank: client {} refused the ATR: {}", client, res.result());
            }
        } else {
            log.warn("remsim bank: unexpected {} from {}: ignored", msg.getClass().getSimpleName(),
                    ctx.channel().remoteAddress());
        }
    }

    private void connect(ConnectClientReq req) {
        if (client != null || req.clientSlot() == null) {
            log.warn("remsim bank: {} from {}: illegalClientId", client != null ? "a second ConnectClientReq"
                    : "ConnectClientReq without a client slot", ctx.channel().remoteAddress());
            send(new ConnectClientRes(identity, ResultCode.ILLEGAL_CLIENT_ID));
            ctx.close();
            return;
        }
        client = req.clientSlot();
        BankSlot mapped = mappings.bankSlotOf(client);
        log.info("remsim bank: client {} connected from {}{}", client, ctx.channel().remoteAddress(),
                mapped == null ? ", not mapped (yet): no card" : ", mapped to " + mapped);
        if (mapped == null) {
            send(new ConnectClientRes(identity, ResultCode.CARD_NOT_PRESENT));
            return;
        }
        giveCard(mapped, true);
    }

    /** The client is mapped to {@code mapped}: read the card's ATR and hand it over. */
    private void giveCard(BankSlot mapped, boolean answerConnect) {
        bank = mapped;
        int slot = slots.get(mapped.slotNr());
        inOrder(() -> service.transaction(slot, CardSession::atr), (atr, error) -> {
            if (error != null || atr == null || atr.length == 0 || atr.length > 55) {
                String why = error != null ? Outcome.cause(error).getMessage() : "the card gave no ATR";
                log.warn("remsim bank: slot {} ({}) has no card for client {}: {}", slot, mapped, client, why);
                if (answerConnect) {
                    send(new ConnectClientRes(identity, ResultCode.CARD_NOT_PRESENT));
                }
                ctx.close();
                return;
            }
            if (answerConnect) {
                send(new ConnectClientRes(identity, ResultCode.OK));
            }
            send(new SetAtrReq(client, atr));
            state.clientHasCard(mapped, client, this, ctx.channel().remoteAddress());
        });
    }

    private void transmit(TpduModemToCard tpdu) {
        // a TPDU that reaches no card is never answered: hang up, as osmo-remsim-bankd does, or the modem waits for ever
        if (bank == null || !tpdu.fromClientSlot().equals(client) || !tpdu.toBankSlot().equals(bank)) {
            log.warn("remsim bank: TPDU from {} for {} from a connection that is {} -> {}: not passed to a card; closing",
                    tpdu.fromClientSlot(), tpdu.toBankSlot(), client, bank);
            ctx.close();
            return;
        }
        byte[] command = tpdu.data();
        if (command.length < MIN_TPDU || command.length > MAX_TPDU) {
            log.warn("remsim bank: client {} sent a TPDU of {} bytes (not {}..{}): not passed to the card; closing",
                    client, command.length, MIN_TPDU, MAX_TPDU);
            ctx.close();
            return;
        }
        BankSlot from = bank;
        ClientSlot to = client;
        int slot = slots.get(from.slotNr());
        inOrder(() -> service.transaction(slot, card -> card.transmit(command)), (answer, error) -> {
            if (error != null) {
                log.warn("remsim bank: slot {} ({}) could not answer client {}: {}; closing", slot, from, to,
                        Outcome.cause(error).getMessage());
                ctx.close();
                return;
            }
            state.tpduAnswered(from);
            send(new TpduCardToModem(from, to, TpduFlags.NONE, answer));
        });
    }

    private void slotStatus(ClientSlotStatusInd status) {
        if (bank == null) {
            return;
        }
        SlotPhysStatus phys = status.slotPhysStatus();
        boolean reset = false;
        String kind = null;
        if (phys.vccPresent() != null && !phys.vccPresent()) {
            if (lastVccPresent) {
                reset = true;
                kind = "cold";
            }
        } else if (phys.resetActive() && !lastResetActive) {
            reset = true;
            kind = "warm";
        }
        if (phys.vccPresent() != null) {
            lastVccPresent = phys.vccPresent();
        }
        lastResetActive = phys.resetActive();
        if (!reset) {
            return;
        }
        int slot = slots.get(bank.slotNr());
        String which = kind;
        log.debug("remsim bank: client {}: {} reset of slot {}", client, which, slot);
        inOrder(() -> service.reset(slot), (atr, error) -> {
            if (error != null) {
                log.warn("remsim bank: {} reset of slot {} for client {} failed: {}", which, slot, client,
                        Outcome.cause(error).getMessage());
            }
        });
    }

    @Override
    public void mapped(ClientSlot mappedClient, BankSlot mappedBank) {
        ctx.executor().execute(() -> {
            if (mappedClient.equals(client) && bank == null && ctx.channel().isActive()) {
                log.info("remsim bank: client {} now mapped to {}", client, mappedBank);
                giveCard(mappedBank, false);
            }
        });
    }

    @Override
    public void unmapped(ClientSlot unmappedClient, BankSlot unmappedBank) {
        ctx.executor().execute(() -> {
            if (unmappedClient.equals(client) && unmappedBank.equals(bank)) {
                log.info("remsim bank: mapping {} -> {} removed: closing the client's connection", bank, client);
                state.clientGone(bank, this);
                bank = null;
                ctx.close();
            }
        });
    }

    /** Hangs up when this client's card is in one of {@code simgateSlots} (a reload stops or restarts them). */
    void hangUpIfServedBy(Set<Integer> simgateSlots) {
        ctx.executor().execute(() -> {
            if (bank != null && simgateSlots.contains(slots.get(bank.slotNr()))) {
                log.info("remsim bank: slot {} stops or restarts: closing client {}'s connection",
                        slots.get(bank.slotNr()), client);
                ctx.close();
            }
        });
    }

    /**
     * Runs card work after the connection's previous card work answered, and its answer on this event
     * loop: one client's TPDUs and resets reach the card and come back in the order they were sent.
     */
    private <T> void inOrder(Supplier<CompletableFuture<T>> work, BiConsumer<T, Throwable> answered) {
        CompletableFuture<Void> previous = last;
        CompletableFuture<Void> done = new CompletableFuture<>();
        last = done;
        previous.whenComplete((ignored, e) -> {
            CompletableFuture<T> future;
            try {
                future = work.get();
            } catch (RuntimeException ex) {
                future = CompletableFuture.failedFuture(ex);
            }
            future.whenComplete((value, error) -> ctx.executor().execute(() -> {
                try {
                    if (ctx.channel().isActive()) {
                        answered.accept(value, error);
                    }
                } finally {
                    done.complete(null);
                }
            }));
        });
    }

    private void send(RsproMessage msg) {
        ctx.writeAndFlush(RsproPdu.of(msg));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("remsim bank: connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
