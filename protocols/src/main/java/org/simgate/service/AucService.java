package org.simgate.service;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The network side of AKA for the gateway's simulated subscribers: what an HSS/AuC hands out. Every
 * call returns at once; the work (key functions, a write of the SQN state) runs elsewhere. A future
 * fails with an {@link AucException} whose kind says why.
 */
public interface AucService {

    /**
     * A fresh authentication vector for the subscriber; with a 5G serving network name (checked by
     * {@link DeriveRequest#servingNetworkNameProblem}) also XRES* and KAUSF (TS 33.501 Annex A.2, A.4).
     */
    CompletableFuture<AucVector> vector(String imsi, String servingNetworkName);

    /** Moves the subscriber's SQN past the card's, from the AUTS its card answered to RAND (TS 33.102 §6.3.5). */
    CompletableFuture<Void> resynchronise(String imsi, byte[] rand, byte[] auts);

    /** Up to {@code count} GSM triplets (RAND, SRES, Kc) through c2/c3 (TS 33.102 §6.8.1.2). */
    CompletableFuture<List<AucTriplet>> triplets(String imsi, int count);
}
