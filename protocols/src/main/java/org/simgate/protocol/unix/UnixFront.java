package org.simgate.protocol.unix;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import org.simgate.front.BoundAddress;
import org.simgate.front.Exposure;
import org.simgate.front.Front;
import org.simgate.front.FrontContext;
import org.simgate.front.FrontType;
import org.simgate.front.config.ConfigReader;
import org.simgate.front.config.ConfiguredSlots;
import org.simgate.protocol.rest.RestFront;
import org.simgate.protocol.rest.RestInitializer;
import org.simgate.protocol.rest.RestLimits;
import org.simgate.protocol.rest.RestSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every REST API on a UNIX domain socket ({@code simgate.unix}; NekoIMS, neko-strongswan's
 * eap-aka-http), as a front. No Host check: no browser reaches a UNIX socket; its file mode
 * decides who connects. Nothing of it listens beyond this host.
 */
public final class UnixFront implements FrontType<UnixApis> {
    private static final Logger log = LoggerFactory.getLogger(UnixFront.class);
    public static final String NAME = "unix";
    private static final String SECTION = "simgate.unix";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return 600;
    }

    @Override
    public List<String> sections() {
        return List.of(SECTION);
    }

    @Override
    public UnixApis read(ConfigReader simgate, ConfiguredSlots slots) {
        UnixConfig socket = simgate.has("unix") ? UnixConfig.from(simgate.child("unix")) : UnixConfig.off();
        return new UnixApis(socket, RestLimits.from(simgate.child("rest")));
    }

    @Override
    public Exposure exposure(UnixApis config) {
        return Exposure.NONE;
    }

    /** {@code simgate.rest} is the REST front's to report. */
    @Override
    public List<String> needsRestart(UnixApis running, UnixApis next) {
        return running.socket().equals(next.socket()) ? List.of() : sections();
    }

    @Override
    public Front<UnixApis> open(UnixApis config, FrontContext context) {
        return config.socket().enabled() ? new Running(config, context) : Front.none();
    }

    private static final class Running implements Front<UnixApis> {
        private final UnixApis config;
        private final FrontContext context;
        private AutoCloseable listener;

        Running(UnixApis config, FrontContext context) {
            this.config = config;
            this.context = context;
        }

        @Override
        public void start() throws IOException {
            RestLimits limits = config.limits();
            UnixConfig socket = config.socket();
            listener = context.listenUnix(SECTION, socket.path(), socket.mode(), new RestInitializer(
                    context.service(RestFront.NAME), new RestSettings(limits.maxBodyBytes(), limits.idleTimeout(),
                    limits.maxPipelined(), limits.requestReadTimeout()), null, context.security(), context.devices())
                    .forAnyChannel());
            PosixFileAttributes file = Files.readAttributes(socket.path(), PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            log.info("UNIX  listening on unix:{} (mode {}, owner {}, group {}; every API, no Host check)", socket.path(),
                    socket.modeText(), file.owner().getName(), file.group().getName());
        }

        @Override
        public List<BoundAddress> addresses() {
            return listener == null ? List.of() : List.of(new BoundAddress(NAME, UnixDomainSocketAddress.of(config.socket().path())));
        }

        @Override
        public void close() {
            if (listener != null) {
                try {
                    listener.close();
                } catch (Exception e) {
                    log.warn("closing unix:{}: {}", config.socket().path(), e.toString());
                }
            }
        }
    }
}
