package org.simgate.e2e.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.simgate.aka.AuthenticationVector;

/**
 * fasferraz/SWu-IKEv2 swu_emulator.py with {@code -m HOST:PORT}: https_imsi for its EAP identity,
 * https_res_ck_ik for EAP-AKA; {@code res is not None and ck is None and ik is None} is a sync
 * failure whose res goes into AT_AUTS.
 */
class SwuEmulatorTest extends FasferrazClient {
    @Override
    String client() {
        return "swu";
    }

    @Test
    void theIdentityIsTheServersImsi() throws Exception {
        assertEquals("IMSI " + Subscriber.IMSI, imsi());
    }

    @Test
    void eapAkaGetsResCkIk() throws Exception {
        AuthenticationVector v = subscriber.next();

        assertEquals(resCkIk(v), randAutn(v.rand(), v.autn()));
    }

    @Test
    void aSyncFailureGivesTheAutsForAtAutsAndTheResynchronisedVectorSucceeds() throws Exception {
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
