package org.simgate.protocol.line;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import org.simgate.front.FrontContext;
import org.simgate.front.Listen;
import org.simgate.front.ListenerFront;
import org.simgate.front.config.ConfigReader;
import org.simgate.front.config.ConfiguredSlots;
import org.simgate.front.config.ListenerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The line protocol ({@code simgate.line}, foxyproxy's TCP protocol) as a front of the gateway. */
public final class LineFront extends ListenerFront<LineConfig> {
    private static final Logger log = LoggerFactory.getLogger(LineFront.class);
    public static final String NAME = "line";

    public LineFront() {
        super(NAME, 300, "simgate.line");
    }

    @Override
    public LineConfig read(ConfigReader simgate, ConfiguredSlots slots) {
        return LineConfig.from(simgate.child("line"));
    }

    @Override
    protected ListenerConfig listener(LineConfig config) {
        return config.listener();
    }

    @Override
    protected Listen.Limits limits(LineConfig config) {
        // per address: the line protocol's own limit, which answers >ERR:C090 first
        return new Listen.Limits(config.maxConnections(), Integer.MAX_VALUE, section());
    }

    @Override
    protected ChannelInitializer<SocketChannel> protocol(LineConfig config, FrontContext context) {
        return new LineInitializer(context.service(NAME),
                new LineSettings(config.maxLineBytes(), config.maxCommands(), config.idleTimeout(),
                        config.maxConnectionsPerAddress(), config.maxPipelined()),
                context.security(), context.keyedConnections());
    }

    @Override
    protected void warnIfExposed(LineConfig config, FrontContext context) {
        ListenerConfig bind = config.listener();
        if (context.security() == null) {
            log.warn("the line protocol listens on {}, beyond this host: it has no client authentication; "
                    + "bind 127.0.0.1 unless the network is yours alone", bind.bind());
        } else if (!bind.tls()) {
            log.warn("the line protocol listens on {}, beyond this host, without TLS: RAND/AUTN and RES/CK/IK "
                    + "cross the network in the clear; set simgate.line.tls = true", bind.bind());
        }
    }

    @Override
    protected void logListening(LineConfig config, FrontContext context, String address) {
        log.info("line  listening on {} (foxyproxy TCP protocol{}{})", address,
                config.listener().tls() ? ", TLS" : "", context.security() != null ? ", AUTH required" : "");
    }
}
