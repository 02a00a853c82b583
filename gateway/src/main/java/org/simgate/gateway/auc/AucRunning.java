package org.simgate.gateway.auc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.simgate.aka.auc.AucSubscriber;
import org.simgate.aka.auc.HomeAuc;
import org.simgate.aka.auc.SqnReservations;
import org.simgate.gateway.config.AucConfig;
import org.simgate.gateway.config.GatewayConfig;
import org.simgate.gateway.config.SimcardConfig;
import org.simgate.gateway.config.SlotConfig;
import org.simgate.subscriber.Subscribers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AuC as the gateway runs it: its subscribers (every simcard slot's card; the subscriber file's
 * rows take precedence for an IMSI both have) and the SQN reservations. Its fronts (hostapd's socket,
 * the vector API) reach it as the {@link org.simgate.service.AucService} of their context.
 */
public final class AucRunning implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AucRunning.class);

    private final SqnReservations reservations;
    private final GatewayAuc service;

    private AucRunning(SqnReservations reservations, GatewayAuc service) {
        this.reservations = reservations;
        this.service = service;
    }

    /**
     * The AuC for the slots' simulated cards and the subscriber file's rows ({@code simgate.subscribers},
     * whose rows win for an IMSI both have: AMF and first SQN from the file); null when
     * {@code simgate.auc} is not configured.
     */
    public static AucRunning start(GatewayConfig config, Subscribers fileSubscribers) throws IOException {
        return start(config, fileSubscribers.all().stream().map(AucSubscriber::from).toList());
    }

    /** As above, with the file's rows already made AuC records. */
    public static AucRunning start(GatewayConfig config, List<AucSubscriber> fileSubscribers) throws IOException {
        AucConfig auc = config.auc();
        if (!auc.enabled()) {
            return null;
        }
        Map<String, AucSubscriber> subscribers = new LinkedHashMap<>();
        for (SlotConfig slot : config.slots()) {
            if (slot.card() instanceof SimcardConfig card) {
                subscribers.putIfAbsent(card.imsi(), AucSubscriber.of(card.imsi(), card.keys()));
            }
        }
        fileSubscribers.forEach(s -> subscribers.put(s.imsi(), s));
        SqnReservations reservations = auc.sqnFile() == null ? SqnReservations.inMemory()
                : SqnReservations.open(auc.sqnFile());
        AucRunning running = null;
        try {
            running = new AucRunning(reservations, new GatewayAuc(new HomeAuc(new ArrayList<>(subscribers.values()),
                    reservations)));
            if (auc.sqnFile() == null) {
                log.warn("simgate.auc has no sqn-file: its SQNs are kept in memory, and after a restart every card "
                        + "asks for a resynchronisation");
            }
            log.info("AuC   {} subscriber(s), SQN reservations {}", subscribers.size(),
                    auc.sqnFile() == null ? "in memory" : "in " + auc.sqnFile());
            return running;
        } catch (IOException | RuntimeException e) {
            if (running != null) {
                running.close();
            } else {
                reservations.close();
            }
            throw e;
        }
    }

    public GatewayAuc service() {
        return service;
    }

    @Override
    public void close() {
        service.close();
        reservations.close();
    }
}
