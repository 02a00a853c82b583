package org.simgate.protocol.remsim;

import java.util.List;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;

import org.simgate.rspro.ComponentIdentity;
import org.simgate.rspro.RsproPipeline;
import org.simgate.rspro.ipa.KeepaliveTimers;
import org.simgate.service.SimService;

/** One remsim client connection to the bank: IPA framing, keepalive, RSPRO, then {@link BankClientHandler}. */
final class BankClientInitializer extends ChannelInitializer<SocketChannel> {
    private final SimService service;
    private final BankMappings mappings;
    private final BankState state;
    private final List<Integer> slots;
    private final ComponentIdentity identity;
    private final KeepaliveTimers timers;
    private final ChannelGroup clients;

    BankClientInitializer(SimService service, BankMappings mappings, BankState state, List<Integer> slots,
                          ComponentIdentity identity, KeepaliveTimers timers, ChannelGroup clients) {
        this.service = service;
        this.mappings = mappings;
        this.state = state;
        this.slots = List.copyOf(slots);
        this.identity = identity;
        this.timers = timers;
        this.clients = clients;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        clients.add(ch);
        RsproPipeline.addTo(ch.pipeline(), timers, false);
        ch.pipeline().addLast("remsim-bank-client", new BankClientHandler(service, mappings, state, slots, identity));
    }
}
