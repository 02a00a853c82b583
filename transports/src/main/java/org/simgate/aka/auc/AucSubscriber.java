package org.simgate.aka.auc;

import java.util.Objects;
import org.simgate.aka.AkaKeys;
import org.simgate.aka.AuthenticationCentre;
import org.simgate.subscriber.Subscriber;

/**
 * What the AuC holds for one subscriber: the IMSI, the algorithm with its keys, the AMF its vectors
 * carry and the SQN its first vector uses (later ones come from the AuC's own persisted state).
 * toString shows no key.
 *
 * <p>EAP-AKA' peers refuse a vector whose AMF lacks the separation bit (its first bit, TS 33.402
 * §6.2 / RFC 9048 §3.1, hostapd's "AMF separation bit not set"), so {@link #DEFAULT_AMF} has it set.
 */
public record AucSubscriber(String imsi, AkaKeys keys, byte[] amf, long firstSqn) {
    /** AMF 8000: the separation bit set, the rest zero; good for EAP-AKA, EAP-AKA', EPS and 5G alike. */
    public static final byte[] DEFAULT_AMF = {(byte) 0x80, 0};

    public AucSubscriber {
        Objects.requireNonNull(keys, "keys");
        if (imsi == null || !imsi.matches("[0-9]{5,15}")) {
            throw new IllegalArgumentException("IMSI must be 5 to 15 digits");
        }
        if (amf == null || amf.length != 2) {
            throw new IllegalArgumentException("AMF must be 2 bytes");
        }
        amf = amf.clone();
        if (firstSqn < 0 || firstSqn > AuthenticationCentre.SQN_MAX) {
            throw new IllegalArgumentException("SQN must fit in 48 bits");
        }
    }

    /** A subscriber with AMF 8000 whose first vector has SQN 0 ‖ IND 0 stepped once: SEQ 1, IND 0. */
    public static AucSubscriber of(String imsi, AkaKeys keys) {
        return new AucSubscriber(imsi, keys, DEFAULT_AMF, 1L << AuthenticationCentre.IND_BITS);
    }

    /**
     * The AuC's record of a subscriber-file row: its keys and AMF, and a first SQN one SEQ above the
     * file's {@code sqn}, which is the highest SQN the home network has used (as in hlr_auc_gw's file).
     */
    public static AucSubscriber from(Subscriber subscriber) {
        long sqn = subscriber.sqn();
        long first = sqn + (1L << AuthenticationCentre.IND_BITS) > AuthenticationCentre.SQN_MAX ? sqn
                : AuthenticationCentre.nextSqn(sqn);
        return new AucSubscriber(subscriber.imsi(), subscriber.keys(), subscriber.amfBytes(), first);
    }

    @Override
    public byte[] amf() {
        return amf.clone();
    }

    @Override
    public String toString() {
        return "AucSubscriber[imsi=" + imsi + ", " + keys.name() + ", keys redacted]";
    }
}
