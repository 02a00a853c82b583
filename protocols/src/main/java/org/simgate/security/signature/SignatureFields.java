package org.simgate.security.signature;

import java.util.List;
import java.util.Map;
import org.simgate.security.HeaderFields;
import org.simgate.security.RefusalReason;
import org.simgate.security.signature.StructuredFields.ByteSequence;
import org.simgate.security.signature.StructuredFields.InnerList;
import org.simgate.security.signature.StructuredFields.Item;

/**
 * Reads the Signature-Input and Signature fields (RFC 9421 §4, RFC 8941 dictionaries).
 *
 * <p>A request may carry several signatures (a proxy may add its own); simgate verifies the
 * first label of Signature-Input, in field order, and ignores the others. A label given twice in
 * either field, on one field line or across several, is refused: RFC 8941 would keep the last
 * value, so a bogus first {@code sig1} and the valid one after it would verify. Its covered
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
        return parse(headers.all("signature-input"), headers.all("signature"));
    }

    /**
     * The fields in the canonical form of one line each are read in one pass
     * ({@link CanonicalSignature}); everything else, and everything that form does not take, by
     * the strict general parser ({@link #parseStrict}), whose verdict it is.
     */
    static ParsedSignature parse(List<String> inputLines, List<String> signatureLines) throws SignatureFailure {
        if (inputLines.size() == 1 && signatureLines.size() == 1) {
            ParsedSignature canonical = CanonicalSignature.parse(inputLines.get(0), signatureLines.get(0));
            if (canonical != null) {
                return canonical;
            }
        }
        return parseStrict(inputLines, signatureLines);
    }

    /** The RFC 8941 dictionaries parsed in full, keys given twice refused. */
    static ParsedSignature parseStrict(List<String> inputLines, List<String> signatureLines) throws SignatureFailure {
        if (inputLines.isEmpty() || signatureLines.isEmpty()) {
            throw new SignatureFailure(RefusalReason.MISSING, "no Signature-Input or Signature field");
        }
        Map<String, Object> inputs = dictionary(inputLines);
        if (inputs.isEmpty()) {
            throw new SignatureFailure(RefusalReason.MISSING, "Signature-Input is empty");
        }
        Map.Entry<String, Object> first = inputs.entrySet().iterator().next();
        String label = first.getKey();
        if (!(first.getValue() instanceof InnerList covered)) {
            throw malformed("Signature-Input member is not an inner list");
        }
        List<String> components = components(covered);
        Map<String, Object> params = covered.params();
        Long created = integer(params, "created");
        Long expires = integer(params, "expires");
        String nonce = string(params, "nonce");
        String keyId = string(params, "keyid");
        String alg = string(params, "alg");

        Object signature = dictionary(signatureLines).get(label);
        if (signature == null) {
            throw new SignatureFailure(RefusalReason.MISSING, "no Signature for the Signature-Input label");
        }
        if (!(signature instanceof Item item) || !(item.value() instanceof ByteSequence bytes)) {
            throw malformed("Signature member is not a byte sequence");
        }
        return new ParsedSignature(label, components, StructuredFields.serialize(covered), created, expires, nonce,
                keyId, alg, bytes.bytes());
    }

    private static Map<String, Object> dictionary(List<String> lines) throws SignatureFailure {
        try {
            return StructuredFields.parseDictionaryOfUniqueKeys(lines);
        } catch (StructuredFields.ParseError e) {
            throw malformed("not a structured-field dictionary");
        }
    }

    private static List<String> components(InnerList covered) throws SignatureFailure {
        List<Item> items = covered.items();
        if (items.size() > MAX_COMPONENTS) {
            throw malformed("too many covered components");
        }
        String[] names = new String[items.size()];
        for (int i = 0; i < names.length; i++) {
            Item item = items.get(i);
            if (!(item.value() instanceof String component) || !item.params().isEmpty()) {
                throw malformed("covered components must be plain strings");
            }
            if (component.isEmpty() || !isLowerCase(component)) {
                throw malformed("covered component names are lower case");
            }
            for (int j = 0; j < i; j++) {
                if (names[j].equals(component)) {
                    throw malformed("a covered component is listed twice");
                }
            }
            names[i] = component;
        }
        return List.of(names);
    }

    private static boolean isLowerCase(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (Character.isUpperCase(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The parameter's value, null when absent. */
    private static Long integer(Map<String, Object> params, String name) throws SignatureFailure {
        Object value = params.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Long number)) {
            throw malformed("parameter " + name + " must be an integer");
        }
        return number;
    }

    /** The parameter's value, null when absent. */
    private static String string(Map<String, Object> params, String name) throws SignatureFailure {
        Object value = params.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw malformed("parameter " + name + " must be a string");
        }
        return text;
    }

    private static SignatureFailure malformed(String message) {
        return new SignatureFailure(RefusalReason.MALFORMED, message);
    }
}
