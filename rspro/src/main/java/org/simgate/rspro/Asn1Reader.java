package org.simgate.rspro;

import java.math.BigInteger;

import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.BERTags;

/**
 * Reads the components of one extensible SEQUENCE in order. Components after the last one asked for are
 * extension additions of a newer peer and are skipped (X.680 §52: the "..." marker). Every read names
 * the field it expects, so a fault reads "ConnectBankReq.bankId: expected INTEGER".
 */
final class Asn1Reader {
    private final ASN1Sequence sequence;
    private final String type;
    private int index;

    private Asn1Reader(ASN1Sequence sequence, String type) {
        this.sequence = sequence;
        this.type = type;
    }

    /** The components of an untagged SEQUENCE. */
    static Asn1Reader of(ASN1Encodable element, String type) throws RsproDecodeException {
        if (!(element instanceof ASN1Sequence sequence)) {
            throw new RsproDecodeException(type + ": expected SEQUENCE, got " + describe(element));
        }
        return new Asn1Reader(sequence, type);
    }

    /** The components of a SEQUENCE whose tag was replaced by an implicit context tag. */
    static Asn1Reader ofImplicit(ASN1TaggedObject tagged, String type) throws RsproDecodeException {
        try {
            return new Asn1Reader(ASN1Sequence.getInstance(tagged, false), type);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new RsproDecodeException(type + ": expected a constructed (SEQUENCE) encoding", e);
        }
    }

    ASN1Encodable next(String field) throws RsproDecodeException {
        if (index >= sequence.size()) {
            throw new RsproDecodeException(type + "." + field + " is missing");
        }
        return sequence.getObjectAt(index++);
    }

    /** The next component if it is an untagged (universal) one, else null; nothing is consumed. */
    ASN1Encodable peekUntagged() {
        if (index < sequence.size() && !(sequence.getObjectAt(index) instanceof ASN1TaggedObject)) {
            return sequence.getObjectAt(index);
        }
        return null;
    }

    /** The next component if it carries context tag [tagNo]; otherwise null and nothing is consumed. */
    ASN1TaggedObject optionalContext(int tagNo) {
        if (index < sequence.size() && sequence.getObjectAt(index) instanceof ASN1TaggedObject tagged
                && tagged.getTagClass() == BERTags.CONTEXT_SPECIFIC && tagged.getTagNo() == tagNo) {
            index++;
            return tagged;
        }
        return null;
    }

    ASN1TaggedObject context(int tagNo, String field) throws RsproDecodeException {
        ASN1TaggedObject tagged = optionalContext(tagNo);
        if (tagged == null) {
            throw new RsproDecodeException(type + "." + field + ": expected [" + tagNo + "], got "
                    + (index < sequence.size() ? describe(sequence.getObjectAt(index)) : "end of SEQUENCE"));
        }
        return tagged;
    }

    Asn1Reader sequence(String field) throws RsproDecodeException {
        return of(next(field), type + "." + field);
    }

    long integer(String field, long max) throws RsproDecodeException {
        ASN1Encodable element = next(field);
        if (!(element instanceof ASN1Integer integer)) {
            throw new RsproDecodeException(type + "." + field + ": expected INTEGER, got " + describe(element));
        }
        return inRange(field, integer.getValue(), max);
    }

    long implicitInteger(int tagNo, String field, long max) throws RsproDecodeException {
        ASN1TaggedObject tagged = context(tagNo, field);
        return inRange(field, ASN1Integer.getInstance(tagged, false).getValue(), max);
    }

    int enumerated(String field) throws RsproDecodeException {
        ASN1Encodable element = next(field);
        if (!(element instanceof ASN1Enumerated enumerated)) {
            throw new RsproDecodeException(type + "." + field + ": expected ENUMERATED, got " + describe(element));
        }
        return (int) inRange(field, enumerated.getValue(), Integer.MAX_VALUE);
    }

    String ia5(String field) throws RsproDecodeException {
        ASN1Encodable element = next(field);
        if (!(element instanceof ASN1IA5String string)) {
            throw new RsproDecodeException(type + "." + field + ": expected IA5String, got " + describe(element));
        }
        return string.getString();
    }

    boolean bool(String field) throws RsproDecodeException {
        ASN1Encodable element = next(field);
        if (!(element instanceof ASN1Boolean bool)) {
            throw new RsproDecodeException(type + "." + field + ": expected BOOLEAN, got " + describe(element));
        }
        return bool.isTrue();
    }

    byte[] octets(String field) throws RsproDecodeException {
        ASN1Encodable element = next(field);
        if (!(element instanceof ASN1OctetString octets)) {
            throw new RsproDecodeException(type + "." + field + ": expected OCTET STRING, got "
                    + describe(element));
        }
        return octets.getOctets();
    }

    static String implicitIa5(ASN1TaggedObject tagged) {
        return ASN1IA5String.getInstance(tagged, false).getString();
    }

    static boolean implicitBool(ASN1TaggedObject tagged) {
        return ASN1Boolean.getInstance(tagged, false).isTrue();
    }

    static byte[] implicitOctets(ASN1TaggedObject tagged) {
        return ASN1OctetString.getInstance(tagged, false).getOctets();
    }

    private long inRange(String field, BigInteger value, long max) throws RsproDecodeException {
        if (value.signum() < 0 || value.bitLength() > 62 || value.longValue() > max) {
            throw new RsproDecodeException(type + "." + field + " must be 0.." + max + ", is " + value);
        }
        return value.longValue();
    }

    static String describe(ASN1Encodable element) {
        if (element instanceof ASN1TaggedObject tagged) {
            return tagged.getTagClass() == BERTags.CONTEXT_SPECIFIC ? "[" + tagged.getTagNo() + "]"
                    : "tag class " + tagged.getTagClass() + " number " + tagged.getTagNo();
        }
        return element.getClass().getSimpleName().replaceFirst("^(ASN1|DER|DL|BER)", "");
    }
}
