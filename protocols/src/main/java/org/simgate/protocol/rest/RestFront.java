package org.simgate.protocol.rest;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * Every REST API (sim-auth, sim-info, usim-https, apdu) on plain HTTP and on HTTPS, as a front.
 * Its listeners bind in phase one, accepting nothing yet: the registration URL that security
 * starts with names their port (with {@code port = 0}, the one the system gave).
 */
public final class RestFront implements FrontType<RestConfig> {
    private static final Logger log = LoggerFactory.getLogger(RestFront.class);
    public static final String NAME = "rest";
    /** The names of its listeners, in logs, metrics and {@link BoundAddress}. */
    public static final String HTTP = "http";
    public static final String HTTPS = "https";
    private static final String LIMITS = "simgate.rest";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public List<String> sections() {
        return List.of("simgate.http", "simgate.https", LIMITS);
    }

    @Override
    public RestConfig read(ConfigReader simgate, ConfiguredSlots slots) {
        return RestConfig.from(simgate);
    }

    @Override
    public Exposure exposure(RestConfig config) {
        List<String> open = new ArrayList<>();
        Map<String, Integer> connections = new LinkedHashMap<>();
        if (config.http().enabled()) {
            if (!config.http().isLoopback()) {
                open.add("simgate.http");
            }
            connections.put("simgate.http (simgate.rest.max-connections)", config.limits().maxConnections());
        }
        if (config.https().enabled()) {
            if (!config.https().isLoopback()) {
                open.add("simgate.https");
            }
            connections.put("simgate.https (simgate.rest.max-connections)", config.limits().maxConnections());
        }
        return new Exposure(open, connections, config.https().enabled());
    }

    @Override
    public List<String> needsRestart(RestConfig running, RestConfig next) {
        List<String> keys = new ArrayList<>();
        if (!running.http().equals(next.http())) {
            keys.add("simgate.http");
        }
        if (!running.https().equals(next.https())) {
            keys.add("simgate.https");
        }
        if (!running.limits().equals(next.limits())) {
            keys.add(LIMITS);
        }
        return keys;
    }

    @Override
    public Front<RestConfig> open(RestConfig config, FrontContext context) throws IOException {
        Running running = new Running(config, context);
        try {
            running.bind();
        } catch (IOException | RuntimeException e) {
            running.close();
            throw e;
        }
        return running;
    }

    private static final class Running implements Front<RestConfig> {
        private final RestConfig config;
        private final FrontContext context;
        private BoundListener http;
        private BoundListener https;
        private SslContext tls;

        Running(RestConfig config, FrontContext context) {
            this.config = config;
            this.context = context;
        }

        /** Phase one: both listeners bound, accepting nothing. */
        void bind() throws IOException {
            Listen.Limits limits = new Listen.Limits(config.limits().maxConnections(),
                    config.limits().maxConnectionsPerAddress(), LIMITS);
            ListenerConfig plain = config.http();
            if (plain.enabled()) {
                if (!plain.isLoopback()) {
                    log.warn("plain HTTP listens on {}, beyond this host: requests and answers cross the network "
                            + "unencrypted; prefer HTTPS or bind 127.0.0.1", plain.bind());
                }
                http = context.listen(new Listen(HTTP, plain.bind(), plain.port(), false, limits));
            }
            ListenerConfig secure = config.https();
            if (secure.enabled()) {
                tls = context.serverTls(); // placed by RestInitializer itself, not in front of it
                https = context.listen(new Listen(HTTPS, secure.bind(), secure.port(), false, limits));
            }
        }

        @Override
        public void start() throws IOException {
            RestSettings settings = config.settings();
            String publicHost = context.publicHost();
            if (http != null) {
                http.serve(new RestInitializer(context.service(NAME), settings, null, context.security(),
                        context.devices()).answeringOnly(config.http().answeredHosts("simgate.http", publicHost))
                        .countingRefusals(reason -> context.refusal(HTTP, reason).run()));
                log.info("HTTP  listening on http://{}", Listen.hostPort(http.address()));
            }
            if (https != null) {
                https.serve(new RestInitializer(context.service(NAME), settings, tls, context.security(),
                        context.devices()).answeringOnly(config.https().answeredHosts("simgate.https", publicHost))
                        .countingRefusals(reason -> context.refusal(HTTPS, reason).run()));
                log.info("HTTPS listening on https://{} ({})", Listen.hostPort(https.address()),
                        context.serverTlsDescription());
            }
        }

        @Override
        public List<BoundAddress> addresses() {
            List<BoundAddress> addresses = new ArrayList<>();
            if (http != null) {
                addresses.add(new BoundAddress(HTTP, http.address()));
            }
            if (https != null) {
                addresses.add(new BoundAddress(HTTPS, https.address()));
            }
            return addresses;
        }

        @Override
        public void close() {
            if (http != null) {
                http.close();
            }
            if (https != null) {
                https.close();
            }
        }
    }
}
