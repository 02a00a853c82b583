package org.simgate.protocol.line;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.simgate.front.BoundAddress;
import org.simgate.front.BoundListener;
import org.simgate.front.Exposure;
import org.simgate.front.Front;
import org.simgate.front.FrontContext;
import org.simgate.front.FrontType;
import org.simgate.front.Listen;
import org.simgate.front.config.ConfigReader;
import org.simgate.front.config.ConfiguredSlots;
import org.simgate.front.config.ListenerConfig;
import org.simgate.security.Security;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The line protocol ({@code simgate.line}, foxyproxy's TCP protocol) as a front of the gateway. */
public final class LineFront implements FrontType<LineConfig> {
    private static final Logger log = LoggerFactory.getLogger(LineFront.class);
    public static final String NAME = "line";
    private static final String SECTION = "simgate.line";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return 300;
    }

    @Override
    public List<String> sections() {
        return List.of(SECTION);
    }

    @Override
    public LineConfig read(ConfigReader simgate, ConfiguredSlots slots) {
        return LineConfig.from(simgate.child("line"));
    }

    @Override
    public Exposure exposure(LineConfig config) {
        ListenerConfig listener = config.listener();
        if (!listener.enabled()) {
            return Exposure.NONE;
        }
        return new Exposure(listener.isLoopback() ? List.of() : List.of(SECTION),
                Map.of(SECTION + ".max-connections", config.maxConnections()), listener.tls());
    }

    @Override
    public Front<LineConfig> open(LineConfig config, FrontContext context) {
        return config.listener().enabled() ? new Running(config, context) : Front.none();
    }

    private static final class Running implements Front<LineConfig> {
        private final LineConfig config;
        private final FrontContext context;
        private BoundListener listener;

        Running(LineConfig config, FrontContext context) {
            this.config = config;
            this.context = context;
        }

        @Override
        public void start() throws IOException {
            ListenerConfig bind = config.listener();
            Security security = context.security();
            if (!bind.isLoopback() && security == null) {
                log.warn("the line protocol listens on {}, beyond this host: it has no client authentication; "
                        + "bind 127.0.0.1 unless the network is yours alone", bind.bind());
            } else if (!bind.isLoopback() && !bind.tls()) {
                log.warn("the line protocol listens on {}, beyond this host, without TLS: RAND/AUTN and RES/CK/IK "
                        + "cross the network in the clear; set simgate.line.tls = true", bind.bind());
            }
            // per address: the line protocol's own limit, which answers >ERR:C090 first
            listener = context.listen(new Listen(NAME, bind.bind(), bind.port(), bind.tls(),
                    new Listen.Limits(config.maxConnections(), Integer.MAX_VALUE, SECTION)));
            listener.serve(new LineInitializer(context.service(NAME),
                    new LineSettings(config.maxLineBytes(), config.maxCommands(), config.idleTimeout(),
                            config.maxConnectionsPerAddress(), config.maxPipelined()),
                    security, context.keyedConnections()));
            log.info("line  listening on {} (foxyproxy TCP protocol{}{})", Listen.hostPort(listener.address()),
                    bind.tls() ? ", TLS" : "", security != null ? ", AUTH required" : "");
        }

        @Override
        public List<BoundAddress> addresses() {
            return listener == null ? List.of() : List.of(new BoundAddress(NAME, listener.address()));
        }

        @Override
        public void close() {
            if (listener != null) {
                listener.close();
            }
        }
    }
}
