package org.simgate.security.signature;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.greenbytes.http.sfv.ByteSequenceItem;
import org.greenbytes.http.sfv.Dictionary;
import org.greenbytes.http.sfv.InnerList;
import org.greenbytes.http.sfv.IntegerItem;
import org.greenbytes.http.sfv.Item;
import org.greenbytes.http.sfv.ListElement;
import org.greenbytes.http.sfv.Parameters;
import org.greenbytes.http.sfv.Parser;
import org.greenbytes.http.sfv.StringItem;
import org.simgate.security.HeaderFields;
import org.simgate.security.RefusalReason;

/**
 * Reads the Signature-Input and Signature fields (RFC 9421 §4, RFC 8941 dictionaries).
 *
 * <p>A request may carry several signatures (a proxy may add its own); simgate verifies the
 * first label of Signature-Input, in field order, and ignores the others. Its covered
 * components must be strings without parameters, each listed once. The parameters simgate uses
 * must have their RFC types when present ({@link RequestVerifier} decides which are required);
 * others are kept in the base and otherwise ignored.
 */
public final class SignatureFields {
    /** More covered components than any simgate request needs; bounds the work a request can ask for. */
    static final int MAX_COMPONENTS = 32;

    private SignatureFields() {
    }

    public static ParsedSignature parse(HeaderFields headers) throws SignatureFailure {
        List<String> inputLines = headers.all("signature-input");
        List<String> signatureLines = headers.all("signature");
        if (inputLines.isEmpty() || signatureLines.isEmpty()) {
            throw new SignatureFailure(RefusalReason.MISSING, "no Signature-Input or Signature field");
        }
        Map<String, ListElement<? extends Object>> inputs = dictionary(inputLines).get();
        if (inputs.isEmpty()) {
            throw new SignatureFailure(RefusalReason.MISSING, "Signature-Input is empty");
        }
        String label = inputs.keySet().iterator().next();
        if (!(inputs.get(label) instanceof InnerList covered)) {
            throw malformed("Signature-Input member is not an inner list");
        }
        List<String> components = components(covered);
        Parameters params = covered.getParams();
        Long created = integer(params, "created");
        Long expires = integer(params, "expires");
        String nonce = string(params, "nonce");
        String keyId = string(params, "keyid");
        String alg = string(params, "alg");

        ListElement<? extends Object> signature = dictionary(signatureLines).get().get(label);
        if (signature == null) {
            throw new SignatureFailure(RefusalReason.MISSING, "no Signature for the Signature-Input label");
        }
        if (!(signature instanceof ByteSequenceItem bytes)) {
            throw malformed("Signature member is not a byte sequence");
        }
        ByteBuffer buffer = bytes.get().duplicate();
        byte[] value = new byte[buffer.remaining()];
        buffer.get(value);
        return new ParsedSignature(label, components, covered.serialize(), created, expires, nonce, keyId, alg, value);
    }

    private static Dictionary dictionary(List<String> lines) throws SignatureFailure {
        try {
            return new Parser(lines).parseDictionary();
        } catch (IllegalArgumentException e) {
            // the parser's message quotes the field, and the field may be a signature
            throw malformed("not a structured-field dictionary");
        }
    }

    private static List<String> components(InnerList covered) throws SignatureFailure {
        List<Item<? extends Object>> items = covered.get();
        if (items.size() > MAX_COMPONENTS) {
            throw malformed("too many covered components");
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Item<? extends Object> item : items) {
            if (!(item instanceof StringItem name) || !name.getParams().isEmpty()) {
                throw malformed("covered components must be plain strings");
            }
            String component = name.get();
            if (component.isEmpty() || !component.equals(component.toLowerCase(java.util.Locale.ROOT))) {
                throw malformed("covered component names are lower case");
            }
            if (!seen.add(component)) {
                throw malformed("a covered component is listed twice");
            }
            names.add(component);
        }
        return names;
    }

    /** The parameter's value, null when absent. */
    private static Long integer(Parameters params, String name) throws SignatureFailure {
        Item<? extends Object> item = params.get(name);
        if (item == null) {
            return null;
        }
        if (!(item instanceof IntegerItem number)) {
            throw malformed("parameter " + name + " must be an integer");
        }
        return number.getAsLong();
    }

    /** The parameter's value, null when absent. */
    private static String string(Parameters params, String name) throws SignatureFailure {
        Item<? extends Object> item = params.get(name);
        if (item == null) {
            return null;
        }
        if (!(item instanceof StringItem text)) {
            throw malformed("parameter " + name + " must be a string");
        }
        return text.get();
    }

    private static SignatureFailure malformed(String message) {
        return new SignatureFailure(RefusalReason.MALFORMED, message);
    }
}
