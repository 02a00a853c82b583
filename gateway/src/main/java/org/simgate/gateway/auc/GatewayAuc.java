package org.simgate.gateway.auc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.simgate.aka.AuthenticationVector;
import org.simgate.aka.AutsRejectedException;
import org.simgate.aka.auc.GsmTriplet;
import org.simgate.aka.auc.HomeAuc;
import org.simgate.aka.auc.UnknownSubscriberException;
import org.simgate.aka.kdf.FiveGKeys;
import org.simgate.service.AucException;
import org.simgate.service.AucService;
import org.simgate.service.AucTriplet;
import org.simgate.service.AucVector;
import org.simgate.service.DeriveRequest;

/**
 * The gateway's AuC as the fronts see it: {@link HomeAuc} run on threads of its own, since a vector
 * may wait for a write of the SQN reservations (never on an event loop).
 */
public final class GatewayAuc implements AucService, AutoCloseable {
    private final HomeAuc auc;
    private final ExecutorService executor;

    public GatewayAuc(HomeAuc auc) {
        this.auc = auc;
        AtomicInteger count = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())),
                runnable -> {
                    Thread thread = new Thread(runnable, "auc-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** How many subscribers the AuC holds. */
    public int size() {
        return auc.size();
    }

    @Override
    public CompletableFuture<AucVector> vector(String imsi, String servingNetworkName) {
        if (servingNetworkName != null) {
            String problem = DeriveRequest.servingNetworkNameProblem(servingNetworkName);
            if (problem != null) {
                return CompletableFuture.failedFuture(new AucException(AucException.Kind.BAD_REQUEST,
                        "serving_network_name: " + problem));
            }
        }
        return CompletableFuture.supplyAsync(() -> {
            AuthenticationVector v = call(() -> auc.vector(imsi), imsi);
            byte[] xresStar = null;
            byte[] kausf = null;
            if (servingNetworkName != null) {
                byte[] sqnXorAk = Arrays.copyOf(v.autn(), 6);
                xresStar = FiveGKeys.resStar(v.ck(), v.ik(), servingNetworkName, v.rand(), v.xres());
                kausf = FiveGKeys.kausf(v.ck(), v.ik(), servingNetworkName, sqnXorAk);
            }
            return new AucVector(v.rand(), v.autn(), v.xres(), v.ck(), v.ik(), xresStar, kausf);
        }, executor);
    }

    @Override
    public CompletableFuture<Void> resynchronise(String imsi, byte[] rand, byte[] auts) {
        return CompletableFuture.supplyAsync(() -> {
            call(() -> {
                auc.resynchronise(imsi, rand, auts);
                return null;
            }, imsi);
            return null;
        }, executor);
    }

    @Override
    public CompletableFuture<List<AucTriplet>> triplets(String imsi, int count) {
        return CompletableFuture.supplyAsync(() -> {
            List<GsmTriplet> triplets = call(() -> auc.triplets(imsi, count), imsi);
            List<AucTriplet> out = new ArrayList<>(triplets.size());
            for (GsmTriplet t : triplets) {
                out.add(new AucTriplet(t.rand(), t.sres(), t.kc()));
            }
            return out;
        }, executor);
    }

    private interface AucCall<T> {
        T run() throws Exception;
    }

    private static <T> T call(AucCall<T> work, String imsi) {
        try {
            return work.run();
        } catch (UnknownSubscriberException e) {
            throw new AucException(AucException.Kind.UNKNOWN_SUBSCRIBER, e.getMessage());
        } catch (AutsRejectedException e) {
            throw new AucException(AucException.Kind.AUTS_REJECTED, "IMSI " + imsi + ": " + e.getMessage());
        } catch (IOException e) {
            throw new AucException(AucException.Kind.UNAVAILABLE, "IMSI " + imsi
                    + ": the AuC could not write its SQN reservations: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new AucException(AucException.Kind.BAD_REQUEST, e.getMessage());
        } catch (IllegalStateException e) {
            throw new AucException(AucException.Kind.UNAVAILABLE, e.getMessage());
        } catch (Exception e) {
            throw new AucException(AucException.Kind.UNAVAILABLE, e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
