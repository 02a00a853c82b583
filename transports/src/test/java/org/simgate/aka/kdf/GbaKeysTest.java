package org.simgate.aka.kdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.simgate.transport.Hex;

/**
 * GBA_ME's Ks_NAF and B-TID (TS 33.220 §4.5.2, Annex B.3). No published test data exists for the
 * GBA KDF; the expected values were computed by hand, independently of this code, with Python's
 * hmac (CK, IK, RAND of TS 35.208 set 1):
 * <pre>
 * ck+ik = bytes.fromhex("b40ba9a3c58b2a05bbf0d987b21bf8cb" "f769bcd751044604127672711c6d3441")
 * p = lambda x: x + struct.pack(">H", len(x))
 * s = b"\x01" + p(b"gba-me") + p(rand) + p(impi.encode()) + p(b"naf.example.org" + bytes.fromhex("0100000002"))
 * hmac.new(ck + ik, s, hashlib.sha256).hexdigest()
 * </pre>
 */
class GbaKeysTest {
    private static final byte[] CK = Hex.decode("b40ba9a3c58b2a05bbf0d987b21bf8cb");
    private static final byte[] IK = Hex.decode("f769bcd751044604127672711c6d3441");
    private static final byte[] RAND = Hex.decode("23553cbe9637a89d218ae64dae47bf35");
    private static final String IMPI = "001010000000001@ims.mnc001.mcc001.3gppnetwork.org";

    @Test
    void ksNafOfAHandCheckedVector() {
        byte[] nafId = GbaKeys.nafId("naf.example.org", Hex.decode("0100000002"));
        assertEquals("d3d5b418417eedfff77c5cce9b962bd62a6bbedbff2b309ab15cdc90882b18f2",
                Hex.lower(GbaKeys.ksNaf(CK, IK, RAND, IMPI, nafId)));
    }

    @Test
    void bTidIsBase64RandAtTheBsfOfTheImpisHomeNetwork() {
        assertEquals("bsf.mnc001.mcc001.pub.3gppnetwork.org", GbaKeys.bsfDomain(IMPI));
        assertEquals("I1U8vpY3qJ0hiuZNrke/NQ==@bsf.mnc001.mcc001.pub.3gppnetwork.org",
                GbaKeys.bTid(RAND, GbaKeys.bsfDomain(IMPI)));
        assertEquals("bsf.operator.example", GbaKeys.bsfDomain("alice@operator.example"));
        assertThrows(IllegalArgumentException.class, () -> GbaKeys.bsfDomain("no-realm"));
    }

    @Test
    void theUaProtocolIdentifierIsFiveOctets() {
        assertThrows(IllegalArgumentException.class, () -> GbaKeys.nafId("naf.example.org", new byte[4]));
    }
}
