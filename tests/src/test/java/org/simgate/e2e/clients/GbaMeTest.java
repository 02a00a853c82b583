package org.simgate.e2e.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.simgate.aka.AuthenticationVector;

/**
 * fasferraz/GBA_ME gba_me.py with {@code -u HOST:PORT}: RAND and AUTN from the BSF's nonce in
 * lowercase hex to https_res_ck_ik; RES for the digest, Ks = CK ‖ IK. Its IMSI comes from its
 * own option, and it has no sync-failure handling (an AUTS would be taken for RES).
 */
class GbaMeTest extends FasferrazClient {
    @Override
    String client() {
        return "gba";
    }

    @Test
    void bootstrappingGetsResAndKs() throws Exception {
        AuthenticationVector v = subscriber.next();

        assertEquals(resCkIk(v), randAutn(v.rand(), v.autn()));
    }
}
