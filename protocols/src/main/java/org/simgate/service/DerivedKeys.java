package org.simgate.service;

import java.util.StringJoiner;

/**
 * What the gateway derived from a successful authentication, as asked by a {@link DeriveRequest}:
 * each value null when not asked for (kamf also without a SUPI). Every value is a secret:
 * toString names the ones present and shows none.
 *
 * <p>5G AKA (TS 33.501 Annex A): resStar (A.4), kausf (A.2), kseaf (A.6), kamf (A.7). EAP-AKA'
 * (RFC 9048): ckPrime, ikPrime, kEncr, kAut, kRe, msk, emsk. EPS (TS 33.401 A.2): kasme. GBA_ME
 * (TS 33.220 §4.5.2): ksNaf, and bTid, the one value here that is not secret (toString leaves it out too).
 */
public record DerivedKeys(byte[] resStar, byte[] kausf, byte[] kseaf, byte[] kamf,
                          byte[] ckPrime, byte[] ikPrime, byte[] kEncr, byte[] kAut, byte[] kRe, byte[] msk,
                          byte[] emsk, byte[] kasme, byte[] ksNaf, String bTid) {

    /** Without GBA. */
    public DerivedKeys(byte[] resStar, byte[] kausf, byte[] kseaf, byte[] kamf, byte[] ckPrime, byte[] ikPrime,
                       byte[] kEncr, byte[] kAut, byte[] kRe, byte[] msk, byte[] emsk, byte[] kasme) {
        this(resStar, kausf, kseaf, kamf, ckPrime, ikPrime, kEncr, kAut, kRe, msk, emsk, kasme, null, null);
    }

    /** The same keys with GBA_ME's Ks_NAF and B-TID (TS 33.220). */
    public DerivedKeys withGba(byte[] ksNaf, String bTid) {
        return new DerivedKeys(resStar, kausf, kseaf, kamf, ckPrime, ikPrime, kEncr, kAut, kRe, msk, emsk, kasme,
                ksNaf, bTid);
    }

    @Override
    public String toString() {
        StringJoiner present = new StringJoiner(", ", "DerivedKeys[", " redacted]");
        name(present, "res_star", resStar);
        name(present, "kausf", kausf);
        name(present, "kseaf", kseaf);
        name(present, "kamf", kamf);
        name(present, "ck_prime", ckPrime);
        name(present, "ik_prime", ikPrime);
        name(present, "k_encr", kEncr);
        name(present, "k_aut", kAut);
        name(present, "k_re", kRe);
        name(present, "msk", msk);
        name(present, "emsk", emsk);
        name(present, "kasme", kasme);
        name(present, "ks_naf", ksNaf);
        return present.toString();
    }

    private static void name(StringJoiner present, String name, byte[] value) {
        if (value != null) {
            present.add(name);
        }
    }
}
