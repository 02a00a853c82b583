package org.simgate.ue;

import java.security.SecureRandom;
import java.util.Arrays;
import org.simgate.aka.kdf.EapAkaPrimeKeys;
import org.simgate.aka.kdf.EpsKeys;
import org.simgate.aka.kdf.FiveGKeys;
import org.simgate.aka.kdf.GbaKeys;
import org.simgate.aka.suci.ProtectionScheme;
import org.simgate.aka.suci.Suci;
import org.simgate.aka.suci.SuciException;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.DeriveRequest;
import org.simgate.service.DerivedKeys;
import org.simgate.service.SubscriptionConcealedIdentifier;

/**
 * What the mobile equipment does with a USIM's answer beyond the card: the 5G AKA, EAP-AKA' and
 * EPS keys, derived from the card's RES, CK and IK with RAND and SQN ⊕ AK taken from the
 * challenge the client sent (AUTN's first 6 bytes). The card never sees any of it.
 *
 * <p>Nothing here logs: every value it handles is a secret.
 */
public final class MobileEquipment {
    private MobileEquipment() {
    }

    /** The result with the keys the request asks for; anything but a success, or no derive, unchanged. */
    public static AuthResult derive(AuthRequest request, AuthResult result) {
        DeriveRequest derive = request.derive();
        if (derive == null || !(result instanceof AuthResult.Success success)) {
            return result;
        }
        return success.withDerived(keys(derive, request.rand(), request.autn(), success.res(), success.ck(),
                success.ik()));
    }

    /**
     * The keys {@code derive} asks for, from a challenge and its answer. The network side gets its
     * expected values the same way from XRES, CK and IK of its vector (XRES* = RES* and so on).
     */
    public static DerivedKeys keys(DeriveRequest derive, byte[] rand, byte[] autn, byte[] res, byte[] ck, byte[] ik) {
        byte[] sqnXorAk = Arrays.copyOf(autn, 6);

        byte[] resStar = null;
        byte[] kausf = null;
        byte[] kseaf = null;
        byte[] kamf = null;
        DeriveRequest.FiveG fiveG = derive.fiveG();
        if (fiveG != null) {
            String snn = fiveG.servingNetworkName();
            resStar = FiveGKeys.resStar(ck, ik, snn, rand, res);
            kausf = FiveGKeys.kausf(ck, ik, snn, sqnXorAk);
            kseaf = FiveGKeys.kseaf(kausf, snn);
            if (fiveG.supi() != null) {
                kamf = FiveGKeys.kamf(kseaf, fiveG.supiValue(), fiveG.abba());
            }
        }

        EapAkaPrimeKeys.PrimeKeys prime = null;
        EapAkaPrimeKeys.MasterKeys master = null;
        DeriveRequest.EapAkaPrime eap = derive.eapAkaPrime();
        if (eap != null) {
            prime = EapAkaPrimeKeys.primeKeys(ck, ik, eap.networkName(), sqnXorAk);
            master = EapAkaPrimeKeys.masterKeys(prime, eap.identity());
        }

        byte[] kasme = null;
        DeriveRequest.Eps eps = derive.eps();
        if (eps != null) {
            kasme = EpsKeys.kasme(ck, ik, EpsKeys.plmnId(eps.mcc(), eps.mnc()), sqnXorAk);
        }

        byte[] ksNaf = null;
        String bTid = null;
        DeriveRequest.Gba gba = derive.gba();
        if (gba != null) {
            ksNaf = GbaKeys.ksNaf(ck, ik, rand, gba.impi(), GbaKeys.nafId(gba.nafFqdn(), gba.uaProtocolId()));
            bTid = GbaKeys.bTid(rand, GbaKeys.bsfDomain(gba.impi()));
        }

        return new DerivedKeys(resStar, kausf, kseaf, kamf,
                prime == null ? null : prime.ckPrime(), prime == null ? null : prime.ikPrime(),
                master == null ? null : master.kEncr(), master == null ? null : master.kAut(),
                master == null ? null : master.kRe(), master == null ? null : master.msk(),
                master == null ? null : master.emsk(), kasme, ksNaf, bTid);
    }

    /**
     * The SUCI of an IMSI (TS 33.501 §6.12.2): MCC, MNC of {@code mncLength} digits as EF.AD states
     * it, and the MSIN concealed with the given scheme and home network key (a fresh ephemeral key
     * each time, forgotten at once).
     */
    public static SubscriptionConcealedIdentifier suci(String imsi, int mncLength, String routingIndicator,
                                                       ProtectionScheme scheme, int homeNetworkKeyId,
                                                       byte[] homeNetworkPublicKey, SecureRandom random)
            throws SuciException {
        Suci suci = Suci.conceal(imsi, mncLength, routingIndicator, scheme, homeNetworkKeyId, homeNetworkPublicKey,
                random);
        return new SubscriptionConcealedIdentifier(suci.toString(), suci.mcc(), suci.mnc(), suci.routingIndicator(),
                scheme.id(), suci.homeNetworkKeyId(), suci.schemeOutput());
    }
}
