package org.simgate.gateway;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.simgate.front.BoundAddress;
import org.simgate.front.Front;
import org.simgate.front.FrontContext;
import org.simgate.gateway.config.ConfiguredFront;
import org.simgate.gateway.config.GatewayConfig;
import org.simgate.service.FrontLink;
import org.simgate.service.SlotLoan;

/**
 * The gateway's fronts, each as its {@link org.simgate.front.FrontType} made it from the config:
 * opened, started, reloaded and closed in a loop, in their order.
 */
final class RunningFronts implements AutoCloseable {
    /** Read by status and scrape threads while the gateway starts or closes. */
    private final List<Running<?>> fronts = new CopyOnWriteArrayList<>();

    private record Running<C>(ConfiguredFront<C> configured, Front<C> front) {
        Runnable reload(ConfiguredFront<?> next, Set<Integer> retired) {
            return front.reload(configured.sameType(next).config(), retired);
        }
    }

    /** Phase one: every configured front opens (binds what the public URL needs). */
    void open(GatewayConfig config, FrontContext context) throws IOException {
        for (ConfiguredFront<?> configured : config.fronts()) {
            open(configured, context);
        }
    }

    private <C> void open(ConfiguredFront<C> configured, FrontContext context) throws IOException {
        fronts.add(new Running<>(configured, configured.open(context)));
    }

    /** Phase two: every front serves. */
    void start() throws IOException {
        for (Running<?> running : fronts) {
            running.front().start();
        }
    }

    /** Every address the fronts listen on, in front order. */
    List<BoundAddress> addresses() {
        List<BoundAddress> all = new ArrayList<>();
        for (Running<?> running : fronts) {
            all.addAll(running.front().addresses());
        }
        return all;
    }

    /** The links every front keeps to peers of its own, now, in front order. */
    List<FrontLink> links() {
        List<FrontLink> all = new ArrayList<>();
        for (Running<?> running : fronts) {
            all.addAll(running.front().links());
        }
        return all;
    }

    /** What the fronts that lend slot {@code id}'s card tell of it now, in front order; none for most slots. */
    List<SlotLoan> lent(int id) {
        List<SlotLoan> loans = List.of();
        for (Running<?> running : fronts) {
            SlotLoan loan = running.front().lent(id);
            if (loan != null) {
                loans = loans.isEmpty() ? new ArrayList<>() : loans;
                loans.add(loan);
            }
        }
        return loans;
    }

    /**
     * A reload, before the slots change: each front applies what it applies live of {@code next};
     * answers what they do once the slots changed.
     */
    List<Runnable> reload(GatewayConfig next, Set<Integer> retiredSlots) {
        List<Runnable> afterSlots = new ArrayList<>();
        for (Running<?> running : fronts) {
            Runnable after = running.reload(next.front(running.configured().name()), retiredSlots);
            if (after != null) {
                afterSlots.add(after);
            }
        }
        return afterSlots;
    }

    /** Closes every front, in order. */
    @Override
    public void close() {
        for (Running<?> running : fronts) {
            running.front().close();
        }
        fronts.clear();
    }
}
