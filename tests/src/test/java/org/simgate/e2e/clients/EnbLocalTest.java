package org.simgate.e2e.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.simgate.aka.AuthenticationVector;

/**
 * fasferraz/eNB eNB_LOCAL.py with its serial interface set to HOST:PORT: https_imsi for the attach,
 * https_res_ck_ik on the NAS Authentication Request (RAND, AUTN hexlified); with res, ck and ik all
 * set, XRES = res and KASME from CK and IK. It has no sync-failure handling.
 */
class EnbLocalTest extends FasferrazClient {
    @Override
    String client() {
        return "enb";
    }

    @Test
    void theAttachUsesTheServersImsi() throws Exception {
        assertEquals("IMSI " + Subscriber.IMSI, imsi());
    }

    @Test
    void theNasAuthenticationGetsResCkIk() throws Exception {
        AuthenticationVector v = subscriber.next();

        assertEquals(resCkIk(v), randAutn(v.rand(), v.autn()));
    }
}
