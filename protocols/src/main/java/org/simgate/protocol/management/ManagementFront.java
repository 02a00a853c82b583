package org.simgate.protocol.management;

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

/**
 * The management listener ({@code simgate.management}: health, readiness, metrics, the admin API
 * and the dashboard) as a front of the gateway.
 */
public final class ManagementFront extends ListenerFront<ManagementConfig> {
    private static final Logger log = LoggerFactory.getLogger(ManagementFront.class);
    public static final String NAME = "management";

    public ManagementFront() {
        super(NAME, 400, "simgate.management");
    }

    @Override
    public ManagementConfig read(ConfigReader simgate, ConfiguredSlots slots) {
        return ManagementConfig.from(simgate.child("management"));
    }

    @Override
    protected ListenerConfig listener(ManagementConfig config) {
        return config.listener();
    }

    @Override
    protected Listen.Limits limits(ManagementConfig config) {
        return new Listen.Limits(config.maxConnections(), config.maxConnectionsPerAddress(), section());
    }

    @Override
    protected ChannelInitializer<SocketChannel> protocol(ManagementConfig config, FrontContext context) {
        return new ManagementInitializer(context.admin(), context.metrics(), context.security(),
                context.devices(), context.keyedConnections())
                .answeringOnly(config.listener().answeredHosts(section(), null))
                .readingRequestsWithin(config.requestReadTimeout(), context.refusal(NAME, "request_timeout"));
    }

    @Override
    protected void warnIfExposed(ManagementConfig config, FrontContext context) {
        log.warn("the management listener listens on {}, beyond this host{}", config.listener().bind(),
                context.security() == null
                        ? ": its admin API drains and resets slots and has no client authentication; bind 127.0.0.1"
                        : "; its admin API, metrics and dashboard need a client allowed admin");
    }

    @Override
    protected void logListening(ManagementConfig config, FrontContext context, String address) {
        log.info("management listening on {}://{} (/health, /ready, {}/admin/v1/slots, /admin/v1/reload, dashboard /ui/)",
                config.listener().tls() ? "https" : "http", address, context.metrics() == null ? "" : "/metrics, ");
    }
}
