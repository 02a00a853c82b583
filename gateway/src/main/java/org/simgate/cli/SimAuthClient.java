package org.simgate.cli;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.simgate.aka.AuthenticationCentre;
import org.simgate.aka.AuthenticationVector;
import org.simgate.aka.AutsRejectedException;
import org.simgate.service.Application;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.DeriveRequest;
import org.simgate.service.DerivedKeys;
import org.simgate.service.SimService;
import org.simgate.service.SlotException;
import org.simgate.ue.MobileEquipment;

/**
 * Plays the home network against one card, as pySim's sim-rest-client does: draws a RAND, builds
 * AUTN for the current SQN, has the card AUTHENTICATE and checks RES, CK, IK (and Kc when the card
 * returns it) against its own vector. On a synchronisation failure it recovers SQN_MS from AUTS,
 * checks MAC-S, moves to {@link AuthenticationCentre#nextSqn(long) SQN_MS + 32} and tries once
 * more with a fresh RAND. It holds the SQN between calls; nothing is persisted.
 * Not thread-safe: one run at a time.
 */
public final class SimAuthClient {

    /** What happened, step by step, for whoever prints progress. Key material is the listener's to guard. */
    public interface Trace {
        default void challenge(AuthenticationVector vector, Application application) {
        }

        default void answer(AuthResult result) {
        }

        default void resynchronised(long sqnMs, long nextSqn) {
        }
    }

    /** How one authentication ended. Only {@link Verified} counts as success. */
    public sealed interface Outcome {

        /** The card answered exactly what the vector expects. */
        record Verified(AuthenticationVector vector, AuthResult.Success answer, boolean resynchronised)
                implements Outcome {
        }

        /**
         * The card's RES, CK and IK were right, but the keys the gateway derived from them differ
         * from the network's own (or are missing): {@code wrong} names them as the JSON does.
         */
        record WrongDerivation(AuthenticationVector vector, AuthResult.Success answer, List<String> wrong)
                implements Outcome {
        }

        /** The card accepted the challenge but answered other values than the vector's. */
        record WrongAnswer(AuthenticationVector vector, AuthResult.Success answer, Set<AuthenticationVector.Value> wrong)
                implements Outcome {
        }

        /** The card refused the challenge (wrong MAC, context not supported, ...). */
        record Refused(AuthResult.Rejected rejected) implements Outcome {
        }

        /** A synchronisation failure could not be repaired: bad AUTS, or refused again after resync. */
        record ResyncFailed(String why) implements Outcome {
        }
    }

    private final SimService service;
    private final int slot;
    private final Application application;
    private final AuthenticationCentre centre;
    private final byte[] amf;
    private final Random random;
    private final Duration timeout;
    private final DeriveRequest derive;
    private long sqn;

    /**
     * @param sqn    the SQN of the first challenge
     * @param random source of RAND; a SecureRandom outside tests
     */
    public SimAuthClient(SimService service, int slot, Application application, AuthenticationCentre centre,
                         byte[] amf, long sqn, Random random, Duration timeout) {
        this(service, slot, application, centre, amf, sqn, random, timeout, null);
    }

    /**
     * As the other constructor, with keys to have the gateway derive from each success ({@code derive}
     * null: none); they are checked against the network's own derivation from its vector.
     */
    public SimAuthClient(SimService service, int slot, Application application, AuthenticationCentre centre,
                         byte[] amf, long sqn, Random random, Duration timeout, DeriveRequest derive) {
        AuthenticationCentre.sqnBytes(sqn); // refuses an SQN wider than 48 bits now, not at the first challenge
        this.derive = derive;
        this.service = service;
        this.slot = slot;
        this.application = application;
        this.centre = centre;
        this.amf = amf.clone();
        this.sqn = sqn;
        this.random = random;
        this.timeout = timeout;
    }

    /** The SQN the next challenge will carry. */
    public long sqn() {
        return sqn;
    }

    /**
     * One authentication, with at most one resynchronisation in between.
     *
     * @throws SlotException when the slot, the server or the card's transport fails
     */
    public Outcome authenticate(Trace trace) throws InterruptedException {
        AuthenticationVector vector = challenge(trace);
        AuthResult result = await(service.authenticate(slot, request(vector)));
        trace.answer(result);
        if (!(result instanceof AuthResult.SyncFailure syncFailure)) {
            return settle(vector, result, false);
        }
        Outcome failed = resynchronise(vector, syncFailure, trace);
        if (failed != null) {
            return failed;
        }
        AuthenticationVector retry = challenge(trace);
        AuthResult second = await(service.authenticate(slot, request(retry)));
        trace.answer(second);
        if (second instanceof AuthResult.SyncFailure again) {
            // keep what the card says for the next run, but do not go round a third time
            resynchronise(retry, again, trace);
            return new Outcome.ResyncFailed("the card refused the SQN again right after resynchronisation");
        }
        return settle(retry, second, true);
    }

    private AuthenticationVector challenge(Trace trace) {
        byte[] rand = new byte[16];
        random.nextBytes(rand);
        AuthenticationVector vector = centre.generate(rand, sqn, amf);
        trace.challenge(vector, application);
        return vector;
    }

    private AuthRequest request(AuthenticationVector vector) {
        return new AuthRequest(application, vector.rand(), vector.autn(), derive);
    }

    /** Moves SQN past SQN_MS; returns the failure when AUTS cannot be trusted, else null. */
    private Outcome resynchronise(AuthenticationVector vector, AuthResult.SyncFailure failure, Trace trace) {
        long sqnMs;
        try {
            sqnMs = centre.resynchronise(vector.rand(), failure.auts());
        } catch (AutsRejectedException | IllegalArgumentException e) {
            return new Outcome.ResyncFailed(e.getMessage());
        }
        try {
            sqn = AuthenticationCentre.nextSqn(sqnMs);
        } catch (IllegalStateException e) {
            return new Outcome.ResyncFailed(e.getMessage());
        }
        trace.resynchronised(sqnMs, sqn);
        return null;
    }

    private Outcome settle(AuthenticationVector vector, AuthResult result, boolean resynchronised) {
        if (result instanceof AuthResult.Rejected rejected) {
            // the card did not take this SQN, so it stays fresh
            return new Outcome.Refused(rejected);
        }
        AuthResult.Success success = (AuthResult.Success) result;
        // the card accepted this SQN whatever it answered: the next challenge needs a newer one
        sqn = AuthenticationCentre.nextSqn(vector.sqn());
        Set<AuthenticationVector.Value> wrong = vector.mismatches(success.res(), success.ck(), success.ik(), success.kc());
        if (!wrong.isEmpty()) {
            return new Outcome.WrongAnswer(vector, success, wrong);
        }
        if (derive != null) {
            List<String> wrongKeys = wrongDerivations(vector, success.derived());
            if (!wrongKeys.isEmpty()) {
                return new Outcome.WrongDerivation(vector, success, wrongKeys);
            }
        }
        return new Outcome.Verified(vector, success, resynchronised);
    }

    /** The derived keys that differ from the network's: XRES*, KAUSF, … from the vector's XRES, CK, IK. */
    private List<String> wrongDerivations(AuthenticationVector vector, DerivedKeys answered) {
        DerivedKeys expected = MobileEquipment.keys(derive, vector.rand(), vector.autn(), vector.xres(), vector.ck(),
                vector.ik());
        List<String> wrong = new ArrayList<>();
        DerivedKeys got = answered != null ? answered
                : new DerivedKeys(null, null, null, null, null, null, null, null, null, null, null, null);
        compare(wrong, "res_star", expected.resStar(), got.resStar());
        compare(wrong, "kausf", expected.kausf(), got.kausf());
        compare(wrong, "kseaf", expected.kseaf(), got.kseaf());
        compare(wrong, "kamf", expected.kamf(), got.kamf());
        compare(wrong, "ck_prime", expected.ckPrime(), got.ckPrime());
        compare(wrong, "ik_prime", expected.ikPrime(), got.ikPrime());
        compare(wrong, "k_encr", expected.kEncr(), got.kEncr());
        compare(wrong, "k_aut", expected.kAut(), got.kAut());
        compare(wrong, "k_re", expected.kRe(), got.kRe());
        compare(wrong, "msk", expected.msk(), got.msk());
        compare(wrong, "emsk", expected.emsk(), got.emsk());
        compare(wrong, "kasme", expected.kasme(), got.kasme());
        return wrong;
    }

    private static void compare(List<String> wrong, String name, byte[] expected, byte[] got) {
        if (expected != null && (got == null || !MessageDigest.isEqual(expected, got))) {
            wrong.add(name);
        }
    }

    private <T> T await(CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SlotException slotException) {
                throw slotException;
            }
            throw new SlotException(SlotException.Kind.INTERNAL, "authentication failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new SlotException(SlotException.Kind.TIMEOUT, "no answer from slot " + slot + " within " + timeout.toMillis() + " ms");
        }
    }
}
