package org.simgate.e2e.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.simgate.aka.AuthenticationVector;

/**
 * fasferraz/NWu-Non3GPP-5GC nwu_emulator.py with {@code -m HOST:PORT}: https_imsi for its identity,
 * https_res_ck_ik for 5G AKA (NAS) and EAP-AKA; in 5G AKA {@code res is not None and ck is None and
 * ik is None} is a sync failure whose res goes into the NAS Authentication Failure as AUTS.
 */
class NwuEmulatorTest extends FasferrazClient {
    @Override
    String client() {
        return "nwu";
    }

    @Test
    void theIdentityIsTheServersImsi() throws Exception {
        assertEquals("IMSI " + Subscriber.IMSI, imsi());
    }

    @Test
    void fiveGAkaGetsResCkIk() throws Exception {
        AuthenticationVector v = subscriber.next();

        assertEquals(resCkIk(v), randAutn(v.rand(), v.autn()));
    }

    @Test
    void aSyncFailureGivesTheAutsForTheNasAndTheResynchronisedVectorSucceeds() throws Exception {
        AuthenticationVector used = subscriber.next();
        assertEquals(resCkIk(used), randAutn(used.rand(), used.autn()));

        String replay = randAutn(used.rand(), used.autn());

        assertTrue(replay.startsWith("AUTS "), replay);
        long sqnMs = subscriber.resynchronise(used.rand(), HexFormat.of().parseHex(replay.substring(5)));
        assertTrue(sqnMs >= used.sqn());
        AuthenticationVector next = subscriber.next();
        assertEquals(resCkIk(next), randAutn(next.rand(), next.autn()));
    }
}
