package org.simgate.security.signature;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * One pass over the Signature-Input and Signature fields in the form simgate's signer and common
 * clients send them, one field line each:
 * {@code sig1=("@method" "@target-uri" "content-digest");created=1700000000;nonce="…";keyid="k";alg="hmac-sha256"}
 * and {@code sig1=:<base64>:}. No dictionary, item or parameter objects, and the inner list's
 * text is its {@code @signature-params} value as it stands.
 *
 * <p>It only ever accepts: anything it does not recognise — another member, a space where the
 * canonical form has none, a parameter or component given twice, an escape, a token, a boolean,
 * a negative or decimal number, a parameter of the wrong type, a label the two fields do not
 * share — makes it answer null, and {@link SignatureFields} then parses the fields with the strict
 * general parser, which accepts or refuses them as it always has. What it accepts, that parser
 * reads to the same {@link ParsedSignature} (SignatureFieldsEquivalenceTest feeds both the same
 * inputs).
 */
final class CanonicalSignature {
    /** More parameters than a signer sends (five, with expires six): the strict parser decides. */
    private static final int MAX_PARAMETERS = 12;

    private CanonicalSignature() {
    }

    /** The signature the two field lines carry, or null: leave it to the strict parser. */
    static ParsedSignature parse(String input, String signature) {
        int n = input.length();
        int at = StructuredFields.keyEnd(input, 0);
        if (at <= 0 || at + 1 >= n || input.charAt(at) != '=' || input.charAt(at + 1) != '(') {
            return null;
        }
        String label = input.substring(0, at);
        int open = at + 1;
        at = open + 1;
        String[] names = new String[8];
        int count = 0;
        // ("a" "b" "c"): strings of key characters and @, one space between them, none inside the parentheses' edges
        if (at < n && input.charAt(at) != ')') {
            while (true) {
                if (at >= n || input.charAt(at) != '"') {
                    return null;
                }
                int start = ++at;
                while (at < n && isComponentChar(input.charAt(at))) {
                    at++;
                }
                if (at == start || at >= n || input.charAt(at) != '"') {
                    return null;
                }
                if (count == SignatureFields.MAX_COMPONENTS) {
                    return null;
                }
                String name = StructuredFields.known(input, start, at);
                for (int i = 0; i < count; i++) {
                    if (names[i].equals(name)) {
                        return null;
                    }
                }
                if (count == names.length) {
                    names = Arrays.copyOf(names, count * 2);
                }
                names[count++] = name;
                at++; // "
                if (at < n && input.charAt(at) == ')') {
                    break;
                }
                if (at >= n || input.charAt(at) != ' ') {
                    return null;
                }
                at++;
            }
        }
        if (at >= n || input.charAt(at) != ')') {
            return null;
        }
        at++;
        // ;name=value, each name once; integers (no sign, no leading zero) and plain strings only
        Long created = null;
        Long expires = null;
        String nonce = null;
        String keyId = null;
        String alg = null;
        int paramsStart = at;
        int params = 0;
        while (at < n) {
            if (input.charAt(at) != ';' || ++params > MAX_PARAMETERS) {
                return null;
            }
            int nameStart = at + 1;
            int nameEnd = StructuredFields.keyEnd(input, nameStart);
            if (nameEnd <= nameStart || nameEnd + 1 >= n || input.charAt(nameEnd) != '=') {
                return null;
            }
            if (repeats(input, paramsStart, at, nameStart, nameEnd)) {
                return null;
            }
            int valueStart = nameEnd + 1;
            char first = input.charAt(valueStart);
            Object value;
            if (first == '"') {
                int end = valueStart + 1;
                char c;
                while (end < n && (c = input.charAt(end)) != '"') {
                    if (c < 0x20 || c > 0x7e || c == '\\') {
                        return null;
                    }
                    end++;
                }
                if (end >= n) {
                    return null;
                }
                value = StructuredFields.known(input, valueStart + 1, end);
                at = end + 1;
            } else if (first >= '0' && first <= '9') {
                int end = valueStart;
                long number = 0;
                while (end < n && input.charAt(end) >= '0' && input.charAt(end) <= '9') {
                    number = number * 10 + (input.charAt(end) - '0');
                    end++;
                }
                int digits = end - valueStart;
                if (digits > 15 || (first == '0' && digits > 1)) {
                    return null;
                }
                value = number;
                at = end;
            } else {
                return null;
            }
            if (at < n && input.charAt(at) != ';') {
                return null; // a decimal, a parameter's parameters, a second member, trailing space …
            }
            switch (StructuredFields.known(input, nameStart, nameEnd)) {
                case "created" -> {
                    if (!(value instanceof Long number)) {
                        return null;
                    }
                    created = number;
                }
                case "expires" -> {
                    if (!(value instanceof Long number)) {
                        return null;
                    }
                    expires = number;
                }
                case "nonce" -> {
                    if (!(value instanceof String text)) {
                        return null;
                    }
                    nonce = text;
                }
                case "keyid" -> {
                    if (!(value instanceof String text)) {
                        return null;
                    }
                    keyId = text;
                }
                case "alg" -> {
                    if (!(value instanceof String text)) {
                        return null;
                    }
                    alg = text;
                }
                default -> {
                    // kept in the base, otherwise ignored, as the strict parser does
                }
            }
        }
        byte[] bytes = signatureBytes(signature, label);
        if (bytes == null) {
            return null;
        }
        return new ParsedSignature(label, List.of(Arrays.copyOf(names, count)), input.substring(open), created,
                expires, nonce, keyId, alg, bytes);
    }

    /** {@code label=:base64:} and nothing else: its bytes; null otherwise. */
    private static byte[] signatureBytes(String signature, String label) {
        int length = label.length();
        int n = signature.length();
        if (n < length + 3 || !signature.startsWith(label) || signature.charAt(length) != '='
                || signature.charAt(length + 1) != ':' || signature.charAt(n - 1) != ':') {
            return null;
        }
        return base64(signature, length + 2, n - 1);
    }

    /**
     * The bytes of base64 text between {@code start} and {@code end}, padded or not, as the strict
     * parser decodes it (the JDK's basic decoder); null for anything else.
     */
    static byte[] base64(String field, int start, int end) {
        int length = end - start;
        if (length > 0 && length % 4 == 0) {
            byte[] bytes = paddedBase64(field, start, end);
            if (bytes != null) {
                return bytes;
            }
        }
        byte[] text = new byte[length];
        for (int i = 0; i < text.length; i++) {
            char c = field.charAt(start + i);
            boolean base64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/' || c == '=';
            if (!base64) {
                return null;
            }
            text[i] = (byte) c;
        }
        int padding = 0;
        while (padding < 2 && padding < text.length && text[text.length - 1 - padding] == '=') {
            padding++;
        }
        int rest = text.length % 4;
        int decodedLength = text.length / 4 * 3 - (rest == 0 ? padding : 0) + (rest > 1 ? rest - 1 : 0);
        try {
            byte[] bytes = new byte[Math.max(0, decodedLength)];
            int decoded = Base64.getDecoder().decode(text, bytes);
            return decoded == bytes.length ? bytes : Arrays.copyOf(bytes, decoded);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }

    /** Each base64 character's six bits; -1 for anything else. */
    private static final byte[] SIXTETS = new byte[128];

    static {
        Arrays.fill(SIXTETS, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            SIXTETS[alphabet.charAt(i)] = (byte) i;
        }
    }

    /**
     * Base64 of whole quads, the last with at most two {@code =} of padding (a 32-byte MAC, a
     * SHA-256 digest): decoded straight from the text; null for anything else, which the JDK's
     * decoder then decides on. The bits a padded quad leaves over are ignored, as that decoder
     * ignores them.
     */
    private static byte[] paddedBase64(String field, int start, int end) {
        int padding = field.charAt(end - 1) != '=' ? 0 : field.charAt(end - 2) != '=' ? 1 : 2;
        int quads = (end - start) / 4;
        byte[] bytes = new byte[quads * 3 - padding];
        int out = 0;
        for (int at = start; at < end; at += 4) {
            boolean last = at + 4 == end;
            int a = sixtet(field.charAt(at));
            int b = sixtet(field.charAt(at + 1));
            int c = last && padding == 2 ? 0 : sixtet(field.charAt(at + 2));
            int d = last && padding >= 1 ? 0 : sixtet(field.charAt(at + 3));
            if ((a | b | c | d) < 0) {
                return null;
            }
            int bits = a << 18 | b << 12 | c << 6 | d;
            bytes[out++] = (byte) (bits >> 16);
            if (out < bytes.length) {
                bytes[out++] = (byte) (bits >> 8);
            }
            if (out < bytes.length) {
                bytes[out++] = (byte) bits;
            }
        }
        return bytes;
    }

    private static int sixtet(char c) {
        return c < 128 ? SIXTETS[c] : -1;
    }

    /** Whether the parameter name at nameStart..nameEnd was given before, between from and to. */
    private static boolean repeats(String input, int from, int to, int nameStart, int nameEnd) {
        int length = nameEnd - nameStart;
        for (int at = from; at < to; ) {
            // each earlier parameter is ;name=value as read above: digits, or a string without escapes
            int start = at + 1;
            int end = StructuredFields.keyEnd(input, start);
            if (end - start == length && input.regionMatches(start, input, nameStart, length)) {
                return true;
            }
            at = next(input, end + 1, to);
        }
        return false;
    }

    /** Where the parameter after the value at {@code value} starts (its ';'), or {@code to}. */
    private static int next(String input, int value, int to) {
        if (input.charAt(value) == '"') {
            int close = input.indexOf('"', value + 1);
            return close + 1;
        }
        int at = value;
        while (at < to && input.charAt(at) != ';') {
            at++;
        }
        return at;
    }

    /**
     * What a covered component's name may hold here: lower-case letters, digits, {@code @ - _ .}
     * (the strict parser takes any printable string and refuses upper case; the rest it decides).
     */
    private static boolean isComponentChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '@' || c == '-' || c == '_' || c == '.';
    }
}
