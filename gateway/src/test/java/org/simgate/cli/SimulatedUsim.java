package org.simgate.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.simgate.aka.AkaOutput;
import org.simgate.aka.AuthenticationCentre;
import org.simgate.aka.GsmConversion;
import org.simgate.aka.Milenage;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.CardInfo;
import org.simgate.service.SlotException;
import org.simgate.service.UnservedSimService;

/**
 * A USIM in a few lines, for the client's tests: checks MAC-A, keeps SEQ per IND (TS 33.102
 * Annex C.3.2, without the Δ and L limits), answers AUTS on a stale SQN. The real software card is
 * elsewhere; this one can also misbehave on purpose.
 */
class SimulatedUsim extends UnservedSimService implements AutoCloseable {

    enum Misbehaviour { NONE, GARBAGE_RES, WRONG_KC, TAMPERED_AUTS, ALWAYS_SYNC_FAILURE }

    private final Milenage milenage;
    private final long[] seqByInd = new long[32];
    private long highestSqn;
    final List<AuthRequest> requests = new ArrayList<>();
    Misbehaviour misbehaviour = Misbehaviour.NONE;
    SlotException failure;
    boolean closed;

    /** A card that has accepted SQN {@code sqnMs} and nothing newer. */
    SimulatedUsim(byte[] k, byte[] opc, long sqnMs) {
        this.milenage = Milenage.withOpc(k, opc);
        this.highestSqn = sqnMs;
        Arrays.fill(seqByInd, sqnMs >>> AuthenticationCentre.IND_BITS);
    }

    @Override
    public synchronized CompletableFuture<AuthResult> authenticate(int slot, AuthRequest request) {
        requests.add(request);
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        return CompletableFuture.completedFuture(answer(request.rand(), request.autn()));
    }

    private AuthResult answer(byte[] rand, byte[] autn) {
        AkaOutput out = milenage.f2345(rand);
        byte[] sqnBytes = new byte[6];
        for (int i = 0; i < 6; i++) {
            sqnBytes[i] = (byte) (autn[i] ^ out.ak()[i]);
        }
        byte[] amf = Arrays.copyOfRange(autn, 6, 8);
        if (!Arrays.equals(milenage.f1(rand, sqnBytes, amf), Arrays.copyOfRange(autn, 8, 16))) {
            return new AuthResult.Rejected(0x9862, AuthResult.Reason.INCORRECT_MAC);
        }
        long sqn = AuthenticationCentre.sqnValue(sqnBytes);
        long seq = sqn >>> AuthenticationCentre.IND_BITS;
        int ind = (int) (sqn & 31);
        if (seq <= seqByInd[ind] || misbehaviour == Misbehaviour.ALWAYS_SYNC_FAILURE) {
            return new AuthResult.SyncFailure(auts(rand));
        }
        seqByInd[ind] = seq;
        if (seq > highestSqn >>> AuthenticationCentre.IND_BITS) {
            highestSqn = sqn;
        }
        byte[] res = out.res();
        byte[] kc = GsmConversion.c3(out.ck(), out.ik());
        if (misbehaviour == Misbehaviour.GARBAGE_RES) {
            res = new byte[] {0x0b, (byte) 0xad, 0x0b, (byte) 0xad, 0, 0, 0, 0};
        } else if (misbehaviour == Misbehaviour.WRONG_KC) {
            kc[7] ^= 1;
        }
        return new AuthResult.Success(res, out.ck(), out.ik(), kc);
    }

    private byte[] auts(byte[] rand) {
        byte[] sqnMs = AuthenticationCentre.sqnBytes(highestSqn);
        byte[] akStar = milenage.f5star(rand);
        byte[] auts = new byte[14];
        for (int i = 0; i < 6; i++) {
            auts[i] = (byte) (sqnMs[i] ^ akStar[i]);
        }
        System.arraycopy(milenage.f1star(rand, sqnMs, new byte[2]), 0, auts, 6, 8);
        if (misbehaviour == Misbehaviour.TAMPERED_AUTS) {
            auts[13] ^= 1;
        }
        return auts;
    }

    @Override
    public CompletableFuture<CardInfo> info(int slot) {
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        return CompletableFuture.completedFuture(new CardInfo("001010000000001", "8988211000000000001",
                new byte[] {0x3b, 0x00}, List.of("USIM", "ISIM")));
    }

    @Override
    public void close() {
        closed = true;
    }
}
