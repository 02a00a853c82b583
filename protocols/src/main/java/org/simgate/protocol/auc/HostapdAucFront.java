package org.simgate.protocol.auc;

import java.io.IOException;
import java.util.List;
import org.simgate.front.BoundAddress;
import org.simgate.front.Exposure;
import org.simgate.front.Front;
import org.simgate.front.FrontContext;
import org.simgate.front.FrontType;
import org.simgate.front.config.ConfigReader;
import org.simgate.front.config.ConfiguredSlots;
import org.simgate.service.AucService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * hostapd's external AuC protocol ({@code simgate.auc.hostapd}) as a front: a UNIX datagram socket
 * answered by the gateway's AuC. A local socket, guarded by its file mode: it opens nothing to the network.
 */
public final class HostapdAucFront implements FrontType<HostapdAucConfig> {
    private static final Logger log = LoggerFactory.getLogger(HostapdAucFront.class);
    public static final String NAME = "auc-hostapd";
    private static final String SECTION = "simgate.auc.hostapd";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return 800;
    }

    @Override
    public List<String> sections() {
        return List.of(SECTION);
    }

    @Override
    public HostapdAucConfig read(ConfigReader simgate, ConfiguredSlots slots) {
        return HostapdAucConfig.from(simgate);
    }

    @Override
    public Exposure exposure(HostapdAucConfig config) {
        return Exposure.NONE;
    }

    @Override
    public Front<HostapdAucConfig> open(HostapdAucConfig config, FrontContext context) {
        return config.enabled() ? new Running(config, context) : Front.none();
    }

    private static final class Running implements Front<HostapdAucConfig> {
        private final HostapdAucConfig config;
        private final FrontContext context;
        private AutoCloseable socket;

        Running(HostapdAucConfig config, FrontContext context) {
            this.config = config;
            this.context = context;
        }

        @Override
        public void start() throws IOException {
            AucService auc = context.auc();
            if (auc == null) {
                throw new IOException(SECTION + ": the gateway runs no AuC");
            }
            socket = context.listenUnixDatagram(SECTION, config.path(), config.mode(),
                    new HostapdAucHandler(auc));
            log.info("AuC   listening on unix:{} (hostapd's eap_sim_db, datagrams)", config.path());
        }

        @Override
        public List<BoundAddress> addresses() {
            return List.of();
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (Exception e) {
                    log.debug("AuC socket close: {}", e.toString());
                }
            }
        }
    }
}
