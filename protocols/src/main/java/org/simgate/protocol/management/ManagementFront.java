package org.simgate.protocol.management;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management listener ({@code simgate.management}: health, readiness, metrics, the admin API
 * and the dashboard) as a front of the gateway.
 */
public final class ManagementFront implements FrontType<ManagementConfig> {
    private static final Logger log = LoggerFactory.getLogger(ManagementFront.class);
    public static final String NAME = "management";
    private static final String SECTION = "simgate.management";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return 400;
    }

    @Override
    public List<String> sections() {
        return List.of(SECTION);
    }

    @Override
    public ManagementConfig read(ConfigReader simgate, ConfiguredSlots slots) {
        return ManagementConfig.from(simgate.child("management"));
    }

    @Override
    public Exposure exposure(ManagementConfig config) {
        ListenerConfig listener = config.listener();
        if (!listener.enabled()) {
            return Exposure.NONE;
        }
        return new Exposure(listener.isLoopback() ? List.of() : List.of(SECTION),
                Map.of(SECTION + ".max-connections", config.maxConnections()), listener.tls());
    }

    @Override
    public Front<ManagementConfig> open(ManagementConfig config, FrontContext context) {
        return config.listener().enabled() ? new Running(config, context) : Front.none();
    }

    private static final class Running implements Front<ManagementConfig> {
        private final ManagementConfig config;
        private final FrontContext context;
        private BoundListener listener;

        Running(ManagementConfig config, FrontContext context) {
            this.config = config;
            this.context = context;
        }

        @Override
        public void start() throws IOException {
            ListenerConfig bind = config.listener();
            if (!bind.isLoopback()) {
                log.warn("the management listener listens on {}, beyond this host{}", bind.bind(), context.security() == null
                        ? ": its admin API drains and resets slots and has no client authentication; bind 127.0.0.1"
                        : "; its admin API, metrics and dashboard need a client allowed admin");
            }
            listener = context.listen(new Listen(NAME, bind.bind(), bind.port(), bind.tls(),
                    new Listen.Limits(config.maxConnections(), config.maxConnectionsPerAddress(), SECTION)));
            listener.serve(new ManagementInitializer(context.admin(), context.metrics(), context.security(),
                    context.devices(), context.keyedConnections())
                    .answeringOnly(bind.answeredHosts(SECTION, null))
                    .readingRequestsWithin(config.requestReadTimeout(), context.refusal(NAME, "request_timeout")));
            log.info("management listening on {}://{} (/health, /ready, {}/admin/v1/slots, /admin/v1/reload, dashboard /ui/)",
                    bind.tls() ? "https" : "http", Listen.hostPort(listener.address()),
                    context.metrics() == null ? "" : "/metrics, ");
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
