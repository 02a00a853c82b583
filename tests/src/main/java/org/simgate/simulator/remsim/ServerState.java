package org.simgate.simulator.remsim;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

import org.simgate.rspro.BankSlot;
import org.simgate.rspro.ClientSlot;
import org.simgate.rspro.ComponentIdentity;
import org.simgate.rspro.ComponentType;
import org.simgate.rspro.IpPort;
import org.simgate.rspro.ResultCode;
import org.simgate.rspro.RsproMessage;
import org.simgate.rspro.RsproMessage.ConfigClientBankReq;
import org.simgate.rspro.RsproMessage.ConnectBankReq;
import org.simgate.rspro.RsproMessage.ConnectBankRes;
import org.simgate.rspro.RsproMessage.ConnectClientReq;
import org.simgate.rspro.RsproMessage.ConnectClientRes;
import org.simgate.rspro.RsproMessage.CreateMappingReq;
import org.simgate.rspro.RsproMessage.RemoveMappingReq;
import org.simgate.rspro.RsproPdu;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server knows: connected banks and clients, and the slotmaps. Every method runs on the
 * server's one event loop (REST calls hop onto it), so nothing here needs a lock.
 */
final class ServerState {
    private static final Logger log = LoggerFactory.getLogger(ServerState.class);
    private static final IpPort UNSET;

    static {
        try {
            UNSET = new IpPort(InetAddress.getByAddress(new byte[4]), 0);
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A connected bank and the slotmaps it has been asked about and not answered yet, in order. */
    record BankPeer(Channel channel, ComponentIdentity identity, int bankId, int numberOfSlots,
                    Deque<Integer> awaitingAnswer) {
    }

    /** A connected client and the bank it was last told about (to tell it again only on change). */
    static final class ClientPeer {
        final Channel channel;
        final ComponentIdentity identity;
        final ClientSlot slot;
        BankSlot toldBank;
        IpPort toldAddress;

        ClientPeer(Channel channel, ComponentIdentity identity, ClientSlot slot) {
            this.channel = channel;
            this.identity = identity;
            this.slot = slot;
        }
    }

    private final ComponentIdentity identity;
    private volatile int bankdPort;
    private final Map<Integer, BankPeer> banks = new LinkedHashMap<>();
    private final Map<ClientSlot, ClientPeer> clients = new LinkedHashMap<>();
    private final Map<Integer, Slotmap> slotmaps = new LinkedHashMap<>();

    ServerState(ComponentIdentity identity, int bankdPort) {
        this.identity = identity;
        this.bankdPort = bankdPort;
    }

    /** The port clients are told to reach banks on, from now on. */
    void bankdPort(int port) {
        this.bankdPort = port;
    }

    // ---------------------------------------------------------------- RSPRO side

    void connectBank(Channel channel, ConnectBankReq req) {
        if (req.identity().type() != ComponentType.REMSIM_BANKD) {
            log.warn("ConnectBankReq from {} which says it is a {}: closing", channel.remoteAddress(),
                    req.identity().type());
            channel.close();
            return;
        }
        BankPeer previous = banks.get(req.bankId());
        if (previous != null) {
            // as osmo-remsim-server: keep the working connection, drop the new one
            log.warn("bank {} connects from {} but is connected from {}: identityInUse", req.bankId(),
                    channel.remoteAddress(), previous.channel().remoteAddress());
            channel.writeAndFlush(RsproPdu.of(new ConnectBankRes(identity, ResultCode.IDENTITY_IN_USE)))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        BankPeer bank = new BankPeer(channel, req.identity(), req.bankId(), req.numberOfSlots(), new ArrayDeque<>());
        banks.put(req.bankId(), bank);
        log.info("bank {} ({} slots) connected from {}", req.bankId(), req.numberOfSlots(), channel.remoteAddress());
        channel.writeAndFlush(RsproPdu.of(new ConnectBankRes(identity, ResultCode.OK)));
        for (Slotmap map : List.copyOf(slotmaps.values())) {
            if (map.bank().bankId() == req.bankId() && map.state() == Slotmap.State.NEW) {
                sendCreate(bank, map);
            }
        }
    }

    void connectClient(Channel channel, ConnectClientReq req) {
        if (req.identity().type() != ComponentType.REMSIM_CLIENT || req.clientSlot() == null) {
            log.warn("ConnectClientReq from {} without a client slot or not from a client: illegalClientId",
                    channel.remoteAddress());
            channel.writeAndFlush(RsproPdu.of(new ConnectClientRes(identity, ResultCode.ILLEGAL_CLIENT_ID)))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ClientPeer previous = clients.get(req.clientSlot());
        if (previous != null) {
            log.warn("client {} connects from {} but is connected from {}: identityInUse", req.clientSlot(),
                    channel.remoteAddress(), previous.channel.remoteAddress());
            channel.writeAndFlush(RsproPdu.of(new ConnectClientRes(identity, ResultCode.IDENTITY_IN_USE)))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        clients.put(req.clientSlot(), new ClientPeer(channel, req.identity(), req.clientSlot()));
        log.info("client {} connected from {}", req.clientSlot(), channel.remoteAddress());
        channel.writeAndFlush(RsproPdu.of(new ConnectClientRes(identity, ResultCode.OK)));
        tellClient(req.clientSlot());
    }

    /** A CreateMappingRes or RemoveMappingRes: the answer to the bank's oldest open request. */
    void bankAnswered(Channel channel, RsproMessage answer, ResultCode result) {
        BankPeer bank = bankOf(channel);
        if (bank == null) {
            log.warn("{} from {}, which is not a connected bank: ignored", answer, channel.remoteAddress());
            return;
        }
        Integer id = bank.awaitingAnswer().poll();
        Slotmap map = id == null ? null : slotmaps.get(id);
        if (map == null) {
            log.warn("{} from bank {} answers nothing asked: ignored", answer, bank.bankId());
            return;
        }
        boolean created = answer instanceof RsproMessage.CreateMappingRes;
        if (!result.isOk()) {
            log.warn("bank {} answered {} for slotmap {} -> {}", bank.bankId(), result, map.bank(), map.client());
        }
        if (created) {
            if (map.state() == Slotmap.State.DELETE_REQ) {
                sendRemove(bank, map);
            } else if (map.state() == Slotmap.State.UNACKNOWLEDGED) {
                slotmaps.put(map.id(), map.with(result.isOk() ? Slotmap.State.ACTIVE : Slotmap.State.NEW));
            }
        } else if (map.state() == Slotmap.State.DELETING) {
            slotmaps.remove(map.id());
        }
        tellClient(map.client());
    }

    void disconnected(Channel channel) {
        BankPeer bank = bankOf(channel);
        if (bank != null) {
            banks.remove(bank.bankId());
            log.info("bank {} disconnected", bank.bankId());
            // as osmo-remsim-server: the bank's clients are not told (they keep calling the bank's address
            // until it answers again; the address it comes back from is news only if it differs)
            for (Slotmap map : List.copyOf(slotmaps.values())) {
                if (map.bank().bankId() != bank.bankId()) {
                    continue;
                }
                if (map.state() == Slotmap.State.DELETING || map.state() == Slotmap.State.DELETE_REQ) {
                    slotmaps.remove(map.id());
                } else {
                    slotmaps.put(map.id(), map.with(Slotmap.State.NEW));
                }
            }
        }
        clients.values().removeIf(client -> {
            if (client.channel == channel) {
                log.info("client {} disconnected", client.slot);
                return true;
            }
            return false;
        });
    }

    // ---------------------------------------------------------------- REST side

    /** Adds a slotmap; false when the bank slot or the client slot is mapped already. */
    boolean addSlotmap(BankSlot bankSlot, ClientSlot clientSlot) {
        for (Slotmap map : slotmaps.values()) {
            if (map.bank().equals(bankSlot) || map.client().equals(clientSlot)) {
                return false;
            }
        }
        Slotmap map = new Slotmap(bankSlot, clientSlot, Slotmap.State.NEW);
        slotmaps.put(map.id(), map);
        log.info("slotmap {} -> {} created", bankSlot, clientSlot);
        BankPeer bank = banks.get(bankSlot.bankId());
        if (bank != null) {
            sendCreate(bank, map);
        }
        return true;
    }

    /** Deletes a slotmap by its id; false when there is none. */
    boolean deleteSlotmap(int id) {
        Slotmap map = slotmaps.get(id);
        if (map == null) {
            return false;
        }
        log.info("slotmap {} -> {} deleted (was {})", map.bank(), map.client(), map.state());
        BankPeer bank = banks.get(map.bank().bankId());
        switch (map.state()) {
            case NEW -> slotmaps.remove(id);
            case UNACKNOWLEDGED -> slotmaps.put(id, map.with(Slotmap.State.DELETE_REQ));
            case ACTIVE -> {
                if (bank == null) {
                    slotmaps.remove(id);
                } else {
                    sendRemove(bank, map);
                }
            }
            default -> {
                // deletion already under way
            }
        }
        tellClient(map.client());
        return true;
    }

    void deleteAllSlotmaps() {
        for (int id : List.copyOf(slotmaps.keySet())) {
            deleteSlotmap(id);
        }
    }

    List<BankPeer> banks() {
        return new ArrayList<>(banks.values());
    }

    List<ClientPeer> clients() {
        return new ArrayList<>(clients.values());
    }

    List<Slotmap> slotmaps() {
        return new ArrayList<>(slotmaps.values());
    }

    // ---------------------------------------------------------------- internals

    private void sendCreate(BankPeer bank, Slotmap map) {
        slotmaps.put(map.id(), map.with(Slotmap.State.UNACKNOWLEDGED));
        bank.awaitingAnswer().add(map.id());
        bank.channel().writeAndFlush(RsproPdu.of(new CreateMappingReq(map.client(), map.bank())));
    }

    private void sendRemove(BankPeer bank, Slotmap map) {
        slotmaps.put(map.id(), map.with(Slotmap.State.DELETING));
        bank.awaitingAnswer().add(map.id());
        bank.channel().writeAndFlush(RsproPdu.of(new RemoveMappingReq(map.client(), map.bank())));
    }

    /**
     * Tells a connected client where its card is: the bank's address (the source address of the bank's
     * connection to us) and port while its bank is connected and the slotmap is not being deleted (as
     * osmo-remsim-server: also before the bank confirmed it), 0.0.0.0:0 otherwise; only on change, and
     * not when a bank disconnects (osmo-remsim-server does not tell its clients then).
     */
    private void tellClient(ClientSlot clientSlot) {
        ClientPeer client = clients.get(clientSlot);
        if (client == null) {
            return;
        }
        Slotmap map = slotmaps.values().stream().filter(m -> m.client().equals(clientSlot)).findFirst().orElse(null);
        BankPeer bank = map == null ? null : banks.get(map.bank().bankId());
        BankSlot bankSlot = map != null ? map.bank() : client.toldBank;
        if (bankSlot == null) {
            return;
        }
        IpPort address = UNSET;
        if (map != null && bank != null && map.state() != Slotmap.State.DELETING
                && map.state() != Slotmap.State.DELETE_REQ) {
            address = new IpPort(((InetSocketAddress) bank.channel().remoteAddress()).getAddress(), bankdPort);
        }
        if (bankSlot.equals(client.toldBank) && address.equals(client.toldAddress)) {
            return;
        }
        client.toldBank = bankSlot;
        client.toldAddress = address;
        log.info("client {} told: bank {} at {}", clientSlot, bankSlot, address);
        client.channel.writeAndFlush(RsproPdu.of(new ConfigClientBankReq(bankSlot, address)));
    }

    private BankPeer bankOf(Channel channel) {
        return banks.values().stream().filter(b -> b.channel() == channel).findFirst().orElse(null);
    }
}
