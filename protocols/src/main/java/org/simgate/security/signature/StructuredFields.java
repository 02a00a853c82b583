package org.simgate.security.signature;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.List;
import java.util.Map;

/**
 * RFC 8941 dictionaries, as Signature-Input, Signature and Content-Digest carry them: a strict
 * parser (§4.2) and the canonical serialization (§4.1) that {@code @signature-params} needs.
 * Written for the hot path of every signed request: one pass over the field value, no regular
 * expressions, and only the objects the result holds.
 *
 * <p>RFC 8941 throughout: several field lines are one value joined with {@code ", "}; a key given
 * twice keeps its first position and its last value (also for parameters), unless the caller asks
 * for {@link #parseDictionaryOfUniqueKeys}; any syntax error fails the whole field. Integers have at most 15 digits, decimals 12 before and 3 after the point; a
 * byte sequence may leave out its {@code =} padding (§4.2.7, re-encoded with it).
 *
 * <p>A signer serializes {@code @signature-params} canonically, so the inner list in a request's
 * Signature-Input is nearly always its own serialization already: the parser notes whether it
 * read anything a serializer would write otherwise (extra spaces, leading zeros, {@code =?1} …)
 * and, when it did not, keeps the text as read, which {@link #serialize} then returns as it is.
 */
public final class StructuredFields {

    /** A syntax error; the message names the rule broken, never the field's content. */
    public static final class ParseError extends Exception {
        ParseError(String message) {
            super(message, null, false, false);
        }
    }

    /** A member of a dictionary or inner list: a bare item (Long, Decimal, String, Token, ByteSequence, Boolean) with parameters. */
    public record Item(Object value, Map<String, Object> params) {
    }

    /**
     * {@code ("a" "b");p=1}: items, each with parameters, and the list's own parameters.
     *
     * @param canonicalText the list as the field carried it when that is exactly its canonical
     *                      serialization (§4.1.1.1), else null
     */
    public record InnerList(List<Item> items, Map<String, Object> params, String canonicalText) {
        public InnerList(List<Item> items, Map<String, Object> params) {
            this(items, params, null);
        }
    }

    /** A token: unquoted, {@code *} or a letter then tchar, {@code :} and {@code /}. */
    public record Token(String text) {
    }

    /** A decimal, held exactly in thousandths (at most 12 integer and 3 fraction digits fit in a long). */
    public record Decimal(long thousandths) {
    }

    /** A byte sequence. toString never shows the bytes (a signature is one). */
    public record ByteSequence(byte[] bytes) {
        @Override
        public String toString() {
            return "ByteSequence[" + bytes.length + " bytes]";
        }
    }

    /**
     * A dictionary's members or an item's parameters: a handful of keys, in the order first
     * given, in two arrays rather than a LinkedHashMap's table and entries (a signed request's
     * fields are parsed into a dozen of these maps' worth of entries, every request). Read-only
     * to everyone but the parser.
     */
    private static final class OrderedMap extends AbstractMap<String, Object> {
        private String[] keys;
        private Object[] values;
        private int size;

        OrderedMap(int capacity) {
            keys = new String[capacity];
            values = new Object[capacity];
        }

        /** §4.2: a key given again keeps its first place and takes the new value; false then. */
        boolean putLast(String key, Object value) {
            for (int i = 0; i < size; i++) {
                if (keys[i].equals(key)) {
                    values[i] = value;
                    return false;
                }
            }
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            keys[size] = key;
            values[size++] = value;
            return true;
        }

        @Override
        public Object get(Object key) {
            for (int i = 0; i < size; i++) {
                if (keys[i].equals(key)) {
                    return values[i];
                }
            }
            return null;
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < size;
                        }

                        @Override
                        public Entry<String, Object> next() {
                            if (next >= size) {
                                throw new NoSuchElementException();
                            }
                            int i = next++;
                            return new SimpleImmutableEntry<>(keys[i], values[i]);
                        }
                    };
                }

                @Override
                public int size() {
                    return size;
                }
            };
        }
    }

    private final String input;
    /** A key given twice (a member's or a parameter's) is an error, not a second value. */
    private final boolean uniqueKeys;
    private int at;
    /** False once the member being read holds something its canonical serialization writes otherwise. */
    private boolean canonical;

    private StructuredFields(String input, boolean uniqueKeys) {
        this.input = input;
        this.uniqueKeys = uniqueKeys;
    }

    /**
     * The dictionary of these field lines, members in order (each an {@link Item} or an
     * {@link InnerList}); empty when there is no line.
     */
    public static Map<String, Object> parseDictionary(List<String> lines) throws ParseError {
        return parseDictionary(lines, false);
    }

    /**
     * As {@link #parseDictionary}, but a key given twice — a member's, across all the field lines,
     * or a parameter's — fails the field instead of RFC 8941's last-value-wins. For the fields
     * whose members a verifier acts on (Signature-Input, Signature, Content-Digest): a second
     * {@code sig1} or {@code sha-256} must not silently replace the first, whichever of the two
     * an intermediary or a logger would read.
     */
    public static Map<String, Object> parseDictionaryOfUniqueKeys(List<String> lines) throws ParseError {
        return parseDictionary(lines, true);
    }

    private static Map<String, Object> parseDictionary(List<String> lines, boolean uniqueKeys) throws ParseError {
        if (lines.isEmpty()) {
            return Map.of();
        }
        String value = lines.size() == 1 ? lines.get(0) : String.join(", ", lines);
        return new StructuredFields(value, uniqueKeys).dictionary();
    }

    // §4.2: leading and trailing SP are discarded, anything else left over fails
    private Map<String, Object> dictionary() throws ParseError {
        skipSpaces();
        OrderedMap members = new OrderedMap(2);
        while (at < input.length()) {
            String key = key();
            Object member;
            if (peek() == '=') {
                at++;
                member = peek() == '(' ? innerList() : item();
            } else {
                member = new Item(Boolean.TRUE, parameters());
            }
            if (!members.putLast(key, member) && uniqueKeys) {
                throw new ParseError("a dictionary key is given twice");
            }
            skipOptionalWhitespace();
            if (at == input.length()) {
                return members;
            }
            if (input.charAt(at) != ',') {
                throw new ParseError("dictionary members are separated by commas");
            }
            at++;
            skipOptionalWhitespace();
            if (at == input.length()) {
                throw new ParseError("a dictionary does not end in a comma");
            }
        }
        return members;
    }

    private InnerList innerList() throws ParseError {
        int start = at++; // (
        canonical = true;
        List<Item> items = new ArrayList<>(4);
        while (at < input.length()) {
            int spaces = skipSpaces();
            if (peek() == ')') {
                at++;
                canonical &= spaces == 0;
                Map<String, Object> params = parameters();
                return new InnerList(Collections.unmodifiableList(items), params,
                        canonical ? input.substring(start, at) : null);
            }
            canonical &= spaces == (items.isEmpty() ? 0 : 1); // one space between items, none after (
            items.add(item());
            char next = peek();
            if (next != ' ' && next != ')') {
                throw new ParseError("inner list items are separated by spaces");
            }
        }
        throw new ParseError("an inner list ends in a parenthesis");
    }

    private Item item() throws ParseError {
        Object value = bareItem();
        return new Item(value, parameters());
    }

    private Map<String, Object> parameters() throws ParseError {
        OrderedMap params = null;
        while (peek() == ';') {
            at++;
            canonical &= skipSpaces() == 0;
            String key = key();
            Object value = Boolean.TRUE;
            if (peek() == '=') {
                at++;
                value = bareItem();
                canonical &= value != Boolean.TRUE; // ;a=?1 is written ;a
            }
            if (params == null) {
                params = new OrderedMap(6);
            }
            boolean first = params.putLast(key, value);
            if (!first && uniqueKeys) {
                throw new ParseError("a parameter is given twice");
            }
            canonical &= first;
        }
        return params == null ? Map.of() : params;
    }

    private String key() throws ParseError {
        int start = at;
        char first = peek();
        if (!(first >= 'a' && first <= 'z') && first != '*') {
            throw new ParseError("a key starts with a lower-case letter or *");
        }
        at = keyEnd(input, start);
        return known(start, at);
    }

    /** The end of the RFC 8941 key that starts at {@code start}: a-z or *, then a-z 0-9 _ - . *; start when none. */
    static int keyEnd(String text, int start) {
        int n = text.length();
        if (start >= n) {
            return start;
        }
        char first = text.charAt(start);
        if (!(first >= 'a' && first <= 'z') && first != '*') {
            return start;
        }
        int at = start + 1;
        while (at < n) {
            char c = text.charAt(at);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '*') {
                at++;
            } else {
                break;
            }
        }
        return at;
    }

    /**
     * The keys and strings every signed request carries, handed out as these constants instead of
     * a new String each: a request's fields hold a dozen of them.
     */
    private static final String[] KNOWN = {"sig1", "created", "nonce", "keyid", "alg", "expires", "tag",
        "@method", "@target-uri", "content-digest", "@path", "@query", "@authority", "sha-256", "sha-512",
        "hmac-sha256", "ecdsa-p384-sha384"};

    private String known(int start, int end) {
        return known(input, start, end);
    }

    /** {@code text}'s characters from start to end, as one of {@link #KNOWN} when they are one. */
    static String known(String text, int start, int end) {
        int length = end - start;
        if (length == 0) {
            return "";
        }
        char first = text.charAt(start);
        for (String known : KNOWN) {
            // most candidates differ in length or first character: no comparison of the rest
            if (known.length() == length && known.charAt(0) == first && text.startsWith(known, start)) {
                return known;
            }
        }
        return text.substring(start, end);
    }

    private Object bareItem() throws ParseError {
        char c = peek();
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
        }
        if (c == '"') {
            return string();
        }
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '*') {
            return token();
        }
        if (c == ':') {
            return byteSequence();
        }
        if (c == '?') {
            return bool();
        }
        throw new ParseError("not an item");
    }

    // §4.2.4
    private Object number() throws ParseError {
        boolean negative = peek() == '-';
        if (negative) {
            at++;
        }
        if (!isDigit(peek())) {
            throw new ParseError("a number has digits");
        }
        long integer = 0;
        int digits = 0;
        int firstDigit = at;
        while (isDigit(peek())) {
            integer = integer * 10 + (input.charAt(at++) - '0');
            if (++digits > 15) {
                throw new ParseError("an integer has at most 15 digits");
            }
        }
        if (peek() != '.') {
            canonical &= !(negative && integer == 0) && (input.charAt(firstDigit) != '0' || digits == 1);
            return negative ? -integer : integer;
        }
        canonical = false; // rare in a field simgate reads: the serializer decides
        if (digits > 12) {
            throw new ParseError("a decimal has at most 12 integer digits");
        }
        at++;
        int fraction = 0;
        int fractionDigits = 0;
        while (isDigit(peek())) {
            if (++fractionDigits > 3) {
                throw new ParseError("a decimal has at most 3 fraction digits");
            }
            fraction = fraction * 10 + (input.charAt(at++) - '0');
        }
        if (fractionDigits == 0) {
            throw new ParseError("a decimal does not end in a point");
        }
        for (int i = fractionDigits; i < 3; i++) {
            fraction *= 10;
        }
        long thousandths = integer * 1000 + fraction;
        return new Decimal(negative ? -thousandths : thousandths);
    }

    // §4.2.5
    private String string() throws ParseError {
        at++; // "
        StringBuilder text = null;
        int start = at;
        while (at < input.length()) {
            char c = input.charAt(at++);
            if (c == '\\') {
                if (at == input.length()) {
                    break;
                }
                char escaped = input.charAt(at++);
                if (escaped != '"' && escaped != '\\') {
                    throw new ParseError("a string escapes only \" and \\");
                }
                if (text == null) {
                    text = new StringBuilder(input.length() - start);
                    text.append(input, start, at - 2);
                }
                text.append(escaped);
            } else if (c == '"') {
                return text == null ? known(start, at - 1) : text.toString();
            } else if (c < 0x20 || c > 0x7e) {
                throw new ParseError("a string holds printable ASCII only");
            } else if (text != null) {
                text.append(c);
            }
        }
        throw new ParseError("a string ends in a quote");
    }

    // §4.2.6
    private Token token() {
        int start = at++;
        while (at < input.length() && (isTchar(input.charAt(at)) || input.charAt(at) == ':' || input.charAt(at) == '/')) {
            at++;
        }
        return new Token(input.substring(start, at));
    }

    // §4.2.7
    private ByteSequence byteSequence() throws ParseError {
        canonical = false; // padding may be left out: the serializer decides
        int start = ++at;
        int end = input.indexOf(':', start);
        if (end < 0) {
            throw new ParseError("a byte sequence ends in a colon");
        }
        at = end + 1;
        // ASCII bytes straight from the field, decoded into an array of the exact length:
        // Base64.decode(String) would copy the text twice and the result once more
        byte[] text = new byte[end - start];
        for (int i = 0; i < text.length; i++) {
            char c = input.charAt(start + i);
            if (c > 0x7e) {
                throw new ParseError("a byte sequence is base64");
            }
            text[i] = (byte) c;
        }
        // the JDK's basic decoder takes only A-Z a-z 0-9 + / and = padding, as §4.2.7 wants
        try {
            byte[] bytes = new byte[decodedLength(text)];
            int decoded = Base64.getDecoder().decode(text, bytes);
            return new ByteSequence(decoded == bytes.length ? bytes : Arrays.copyOf(bytes, decoded));
        } catch (IllegalArgumentException e) {
            throw new ParseError("a byte sequence is base64");
        }
    }

    /** The bytes that base64 text decodes to, padded or not (what is not base64 the decoder refuses). */
    private static int decodedLength(byte[] text) {
        int n = text.length;
        int padding = 0;
        while (padding < 2 && padding < n && text[n - 1 - padding] == '=') {
            padding++;
        }
        int quads = n / 4;
        int rest = n % 4;
        return quads * 3 - (rest == 0 ? padding : 0) + (rest > 1 ? rest - 1 : 0);
    }

    // §4.2.8
    private Boolean bool() throws ParseError {
        at++; // ?
        char c = peek();
        if (c == '1' || c == '0') {
            at++;
            return c == '1';
        }
        throw new ParseError("a boolean is ?0 or ?1");
    }

    /** The next character, or 0 at the end (0 is never valid where it is looked at). */
    private char peek() {
        return at < input.length() ? input.charAt(at) : 0;
    }

    /** @return how many were skipped */
    private int skipSpaces() {
        int start = at;
        while (at < input.length() && input.charAt(at) == ' ') {
            at++;
        }
        return at - start;
    }

    private void skipOptionalWhitespace() {
        while (at < input.length() && (input.charAt(at) == ' ' || input.charAt(at) == '\t')) {
            at++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** RFC 9110 tchar. */
    private static boolean isTchar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || isDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** §4.1.2: an inner list and its parameters, as {@code @signature-params} carries it. */
    public static String serialize(InnerList list) {
        if (list.canonicalText() != null) {
            return list.canonicalText();
        }
        StringBuilder out = new StringBuilder(160);
        appendInnerList(out, list);
        return out.toString();
    }

    /** §4.1.2: a whole dictionary (for tests: the canonical form of what was parsed). */
    public static String serializeDictionary(Map<String, Object> dictionary) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Object> member : dictionary.entrySet()) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(member.getKey());
            if (member.getValue() instanceof InnerList list) {
                appendInnerList(out.append('='), list);
            } else {
                Item item = (Item) member.getValue();
                if (!Boolean.TRUE.equals(item.value())) {
                    appendBareItem(out.append('='), item.value());
                }
                appendParameters(out, item.params());
            }
        }
        return out.toString();
    }

    private static void appendInnerList(StringBuilder out, InnerList list) {
        out.append('(');
        for (int i = 0; i < list.items().size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            Item item = list.items().get(i);
            appendBareItem(out, item.value());
            appendParameters(out, item.params());
        }
        out.append(')');
        appendParameters(out, list.params());
    }

    private static void appendParameters(StringBuilder out, Map<String, Object> params) {
        for (Map.Entry<String, Object> param : params.entrySet()) {
            out.append(';').append(param.getKey());
            if (!Boolean.TRUE.equals(param.getValue())) {
                appendBareItem(out.append('='), param.getValue());
            }
        }
    }

    private static void appendBareItem(StringBuilder out, Object value) {
        if (value instanceof Long integer) {
            out.append(integer.longValue());
        } else if (value instanceof String text) {
            out.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
            }
            out.append('"');
        } else if (value instanceof Token token) {
            out.append(token.text());
        } else if (value instanceof ByteSequence bytes) {
            out.append(':').append(Base64.getEncoder().encodeToString(bytes.bytes())).append(':');
        } else if (value instanceof Boolean bool) {
            out.append(bool ? "?1" : "?0");
        } else if (value instanceof Decimal decimal) {
            long thousandths = decimal.thousandths();
            if (thousandths < 0) {
                out.append('-');
                thousandths = -thousandths;
            }
            out.append(thousandths / 1000).append('.');
            long fraction = thousandths % 1000;
            // §4.1.5: at most three fraction digits, trailing zeros dropped, at least one
            String digits = Long.toString(1000 + fraction).substring(1);
            int length = 3;
            while (length > 1 && digits.charAt(length - 1) == '0') {
                length--;
            }
            out.append(digits, 0, length);
        } else {
            throw new IllegalArgumentException("not a bare item: " + value.getClass().getSimpleName());
        }
    }
}
