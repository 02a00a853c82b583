package org.simgate.security.signature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.greenbytes.http.sfv.Parser;
import org.junit.jupiter.api.Test;
import org.simgate.security.signature.StructuredFields.ByteSequence;
import org.simgate.security.signature.StructuredFields.InnerList;
import org.simgate.security.signature.StructuredFields.Item;
import org.simgate.security.signature.StructuredFields.ParseError;

/**
 * simgate's RFC 8941 dictionary parser against the RFC's rules, written out, and against a second
 * implementation (org.greenbytes structured-fields, the library simgate used before) on the same
 * tricky inputs: both must accept and refuse alike, and serialize what they accept alike.
 */
class StructuredFieldsTest {

    /** Field values (one line each, or several lines split at |) and their canonical serialization; null: refused. */
    private static final String[][] CASES = {
        {"sig1=(\"@method\" \"@target-uri\");created=1618884473;keyid=\"k\"",
            "sig1=(\"@method\" \"@target-uri\");created=1618884473;keyid=\"k\""},
        // whitespace: SP inside an inner list and around members, OWS (SP or tab) between members
        {"  sig1=(  \"a\"   \"b\" );x=1  ", "sig1=(\"a\" \"b\");x=1"},
        {"a=1,\tb=2", "a=1, b=2"},
        {"a=1 ,  b=2", "a=1, b=2"},
        {"\ta=1", null}, // leading tab: only SP may lead
        {"a=1,", null},
        {"a=1, ", null},
        {",a=1", null},
        {"sig1=(\"a\"\"b\")", null}, // items need a space between them
        {"sig1=( \"a\" ; x=1)", null}, // no space before a parameter
        {"sig1=(\"a\");  x=1", "sig1=(\"a\");x=1"}, // but after the ;
        {"sig1=(\"a\" ", null},
        {"", ""},
        {"   ", ""},
        // several field lines are one value joined with ", "
        {"a=1|b=2", "a=1, b=2"},
        {"a=(1 2|3)", null}, // a line break inside an inner list is a comma inside it
        {"a=1|", null},
        // duplicate keys: the last value, in the first one's place (members and parameters)
        {"a=1, b=2, a=3", "a=3, b=2"},
        {"a=1|a=:AAAA:", "a=:AAAA:"},
        {"sig1=(\"a\");p=1;q=2;p=3", "sig1=(\"a\");p=3;q=2"},
        // byte sequences: padding may be left out, re-encoded canonically; nothing but base64
        {"s=:AAAA:", "s=:AAAA:"},
        {"s=:AAA:", "s=:AAA=:"},
        {"s=:AA==:", "s=:AA==:"},
        {"s=:AA=A:", null},
        {"s=:AAAA", null},
        {"s=:AA-_:", null},
        {"s=:A:", null},
        {"s=::", "s=::"},
        // numbers: 15 integer digits, decimals 12.3, canonical decimals
        {"n=999999999999999", "n=999999999999999"},
        {"n=-999999999999999", "n=-999999999999999"},
        {"n=9999999999999999", null},
        {"n=123456789012.123", "n=123456789012.123"},
        {"n=1234567890123.1", null},
        {"n=1.1234", null},
        {"n=1.", null},
        {"n=1.50", "n=1.5"},
        {"n=1.000", "n=1.0"},
        {"n=-0.5", "n=-0.5"},
        {"n=-", null},
        {"n=0012", "n=12"},
        {"n=1a", null},
        // strings: printable ASCII, only \" and \\ escaped
        {"s=\"a \\\"b\\\" \\\\ c\"", "s=\"a \\\"b\\\" \\\\ c\""},
        {"s=\"\\n\"", null},
        {"s=\"unterminated", null},
        {"s=\"tab\there\"", null},
        {"s=\"caf\u00e9\"", null},
        {"s=\"\u20ac\"", null},
        // non-ASCII or upper case keys, tokens, booleans, bare keys
        {"caf\u00e9=1", null},
        {"Sig1=1", null},
        {"*a.b-c_d=1", "*a.b-c_d=1"},
        {"t=abc:/x, u=*y", "t=abc:/x, u=*y"},
        {"b=?1, c=?0, d, e;p", "b, c=?0, d, e;p"},
        {"b=?2", null},
        {"sig1=(\"a\";p \"b\");q=?0", "sig1=(\"a\";p \"b\");q=?0"},
        {"sig1=(\"a\")x", null},
        {"a=1;", null},
        {"a=%", null},
    };

    @Test
    void theRfcRulesOnTrickyInputs() {
        for (String[] example : CASES) {
            List<String> lines = lines(example[0]);
            if (example[1] == null) {
                assertThrows(ParseError.class, () -> StructuredFields.parseDictionary(lines), example[0]);
            } else {
                assertEquals(example[1], serialize(lines), example[0]);
            }
        }
    }

    @Test
    void theReferenceParserAgrees() {
        for (String[] example : CASES) {
            List<String> lines = lines(example[0]);
            String reference;
            try {
                reference = new Parser(lines).parseDictionary().serialize();
            } catch (IllegalArgumentException e) {
                reference = null;
            }
            String ours;
            try {
                ours = StructuredFields.serializeDictionary(StructuredFields.parseDictionary(lines));
            } catch (ParseError e) {
                ours = null;
            }
            assertEquals(reference, ours, example[0]);
        }
    }

    /**
     * An inner list read as its own canonical text is serialized as that text, unread: on every
     * case above and on thousands of generated inner lists with spaces, leading zeros, {@code =?1},
     * repeated parameters, decimals and byte sequences mixed in, the text kept (when kept) and the
     * serialization written afresh from the parsed items must be the same string.
     */
    @Test
    void anInnerListKeptAsReadIsItsSerialization() throws Exception {
        List<String> inputs = new ArrayList<>();
        for (String[] example : CASES) {
            if (example[1] != null) {
                inputs.add(example[0]);
            }
        }
        Random random = new Random(9421);
        for (int i = 0; i < 5_000; i++) {
            inputs.add("sig1=" + randomInnerList(random));
        }
        int kept = 0;
        for (String input : inputs) {
            for (Object member : StructuredFields.parseDictionary(lines(input)).values()) {
                if (member instanceof InnerList list) {
                    String fresh = StructuredFields.serialize(new InnerList(list.items(), list.params()));
                    assertEquals(fresh, StructuredFields.serialize(list), input);
                    if (list.canonicalText() != null) {
                        kept++;
                    }
                }
            }
        }
        assertTrue(kept > 500 && kept < inputs.size() - 500, "both kinds generated: " + kept + " kept");
    }

    private static String randomInnerList(Random random) {
        StringBuilder list = new StringBuilder("(").append(spaces(random, 0));
        int items = random.nextInt(5);
        for (int i = 0; i < items; i++) {
            if (i > 0) {
                list.append(' ').append(spaces(random, 0));
            }
            list.append(randomItem(random)).append(randomParameters(random));
        }
        return list.append(spaces(random, 0)).append(')').append(randomParameters(random)).toString();
    }

    /** Usually none, sometimes one or two more than {@code base}. */
    private static String spaces(Random random, int base) {
        return " ".repeat(base + (random.nextInt(8) == 0 ? 1 + random.nextInt(2) : 0));
    }

    private static String randomParameters(Random random) {
        StringBuilder params = new StringBuilder();
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            params.append(';').append(spaces(random, 0)).append(KEYS[random.nextInt(KEYS.length)]);
            if (random.nextInt(4) != 0) {
                params.append('=').append(randomItem(random));
            }
        }
        return params.toString();
    }

    private static final String[] KEYS = {"created", "nonce", "keyid", "alg", "expires", "tag", "a", "*b"};

    private static String randomItem(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> "\"@method\"";
            case 1 -> "\"content-digest\"";
            case 2 -> "\"a \\\"q\\\" \\\\ z\"";
            case 3 -> "tok:/x";
            case 4 -> Long.toString(random.nextInt(2_000_000_000) - 1_000_000_000L);
            case 5 -> "0" + random.nextInt(100); // a leading zero
            case 6 -> random.nextBoolean() ? "-0" : "0";
            case 7 -> random.nextInt(100) + "." + random.nextInt(1000);
            case 8 -> random.nextBoolean() ? "?1" : "?0";
            case 9 -> random.nextBoolean() ? ":AAECAw==:" : ":AAECAw:";
            default -> "\"" + Long.toHexString(random.nextLong()) + "\"";
        };
    }

    @Test
    void aSignatureInputReadsAsItemsAndParameters() throws Exception {
        Map<String, Object> dictionary = StructuredFields.parseDictionary(List.of(
                "sig1=(\"@method\" \"content-digest\");created=1618884473;nonce=\"n\";keyid=\"k\";alg=\"hmac-sha256\""));
        InnerList covered = (InnerList) dictionary.get("sig1");
        assertEquals(List.of(new Item("@method", Map.of()), new Item("content-digest", Map.of())), covered.items());
        assertEquals(1618884473L, covered.params().get("created"));
        assertEquals("hmac-sha256", covered.params().get("alg"));
        assertEquals(List.of("created", "nonce", "keyid", "alg"), List.copyOf(covered.params().keySet()));
    }

    @Test
    void aByteSequenceDecodes() throws Exception {
        Item item = (Item) StructuredFields.parseDictionary(List.of("sig1=:AAECAw==:")).get("sig1");
        assertArrayEquals(new byte[] {0, 1, 2, 3}, ((ByteSequence) item.value()).bytes());
    }

    @Test
    void anErrorNamesTheRuleNotTheValue() {
        ParseError error = assertThrows(ParseError.class,
                () -> StructuredFields.parseDictionary(List.of("sig1=:c2VjcmV0-c2VjcmV0:")));
        assertEquals("a byte sequence is base64", error.getMessage());
    }

    private static List<String> lines(String value) {
        return value.contains("|") ? List.of(value.split("\\|", -1)) : List.of(value);
    }

    private static String serialize(List<String> lines) {
        try {
            return StructuredFields.serializeDictionary(StructuredFields.parseDictionary(lines));
        } catch (ParseError e) {
            throw new AssertionError(lines + ": " + e.getMessage());
        }
    }

    @Test
    void aKeyGivenTwiceFailsOnlyWhereKeysMustBeUnique() throws Exception {
        List<List<String>> repeated = List.of(
                List.of("sig1=:AAAA:, sig1=:BBBB:"),
                List.of("sig1=:AAAA:", "sig1=:BBBB:"), // across field lines
                List.of("sig1=(\"@method\");created=1;created=2"), // a parameter
                List.of("sha-256=:AAAA:;x=1;x=2"));
        for (List<String> lines : repeated) {
            StructuredFields.parseDictionary(lines); // RFC 8941: the last value wins
            assertThrows(ParseError.class, () -> StructuredFields.parseDictionaryOfUniqueKeys(lines), lines.toString());
        }
        Map<String, Object> last = StructuredFields.parseDictionary(List.of("sig1=:AAAA:", "sig1=:BBBB:"));
        assertEquals(1, last.size());
        assertEquals(2, StructuredFields.parseDictionaryOfUniqueKeys(List.of("sig1=:AAAA:", "sig2=:BBBB:")).size());
    }
}
