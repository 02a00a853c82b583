package org.simgate.security.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.simgate.security.keys.SharedKey;

/**
 * The one-pass reading of canonical Signature-Input / Signature fields ({@link CanonicalSignature})
 * against the strict parser ({@link SignatureFields#parseStrict}): for every input, signed ones,
 * nasty ones and random mutations of both, {@link SignatureFields#parse} reaches the same outcome
 * as the strict parser alone — the same signature read, or the same refusal — and the one-pass
 * reading, where it answers at all, answers what the strict parser reads.
 */
class SignatureFieldsEquivalenceTest {
    private static final String CANONICAL_INPUT = "sig1=(\"@method\" \"@target-uri\" \"content-digest\")"
            + ";created=1700000000;nonce=\"3q2-7w_abcdefghijklmnop\";keyid=\"lab-a-1\";alg=\"hmac-sha256\"";
    private static final String CANONICAL_SIGNATURE = "sig1=:" + Base64.getEncoder().encodeToString(new byte[32]) + ":";

    /** A readable outcome: the signature as read, or the refusal. */
    private static String outcome(ParsedSignature parsed) {
        return "ok label=" + parsed.label() + " components=" + parsed.components() + " params="
                + parsed.signatureParams() + " created=" + parsed.created() + " expires=" + parsed.expires()
                + " nonce=" + parsed.nonce() + " keyid=" + parsed.keyId() + " alg=" + parsed.alg() + " signature="
                + Base64.getEncoder().encodeToString(parsed.signature());
    }

    private interface Parse {
        ParsedSignature parse() throws SignatureFailure;
    }

    private static String outcome(Parse parse) {
        try {
            return outcome(parse.parse());
        } catch (SignatureFailure e) {
            return "refused " + e.reason() + ": " + e.getMessage();
        } catch (RuntimeException e) {
            return "crashed " + e; // neither parser may; the test fails on it below
        }
    }

    private int fastAnswers;

    /** Both ways reach the same outcome; returns it. */
    private String same(List<String> input, List<String> signature) {
        String strict = outcome(() -> SignatureFields.parseStrict(input, signature));
        String combined = outcome(() -> SignatureFields.parse(input, signature));
        assertEquals(strict, combined, () -> "Signature-Input " + input + ", Signature " + signature);
        assertTrue(!strict.startsWith("crashed"), strict);
        if (input.size() == 1 && signature.size() == 1) {
            ParsedSignature fast = CanonicalSignature.parse(input.get(0), signature.get(0));
            if (fast != null) {
                fastAnswers++;
                assertEquals(strict, outcome(fast), () -> "one pass: " + input + ", " + signature);
            }
        }
        return strict;
    }

    private String same(String input, String signature) {
        return same(List.of(input), List.of(signature));
    }

    @Test
    void theSignersFieldsAreReadInOnePassAsTheStrictParserReadsThem() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
        byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        RequestSigner signer = RequestSigner.hmac(new SharedKey("lab-a-1", "lab-a", "lab-a", secret, null, false),
                clock);
        for (int i = 0; i < 200; i++) {
            byte[] body = i % 5 == 0 ? null : ("{\"n\":" + i + "}").getBytes(StandardCharsets.US_ASCII);
            Map<String, String> fields = signer.sign("POST", "https://gw.example:8443/sim-auth-api/v1/slot/" + i, body);
            int before = fastAnswers;
            String outcome = same(fields.get("Signature-Input"), fields.get("Signature"));
            assertTrue(outcome.startsWith("ok"), outcome);
            assertEquals(before + 1, fastAnswers, "the signer's fields take the one-pass path");
        }
        // common clients' other canonical forms: expires, a tag, @path/@query, no parameters, no padding
        String[] inputs = {
            "sig1=(\"@method\" \"@path\" \"@query\" \"@authority\");created=1;expires=2;keyid=\"k\";nonce=\"n\";alg=\"a\"",
            "sig-b21=();created=1618884473;keyid=\"test-key-rsa-pss\";nonce=\"b3k2pp5k7z-50gnwp.yemd\"",
            "sig1=(\"@method\");tag=\"app-123\";created=0;nonce=\"\";keyid=\"a b;c=d,e\";alg=\"hmac-sha256\"",
            "sig1=(\"@method\" \"content-type\" \"x-a.b_c\")",
            "*x=(\"@method\")",
        };
        for (String input : inputs) {
            String label = input.substring(0, input.indexOf('='));
            int before = fastAnswers;
            assertTrue(same(input, label + "=:AAAA:").startsWith("ok"));
            assertTrue(same(input, label + "=:AA:").startsWith("ok"));
            assertEquals(before + 2, fastAnswers, input);
        }
        assertNotNull(CanonicalSignature.parse(CANONICAL_INPUT, CANONICAL_SIGNATURE));
    }

    /** Inputs either parser might get wrong: each reaches the strict parser's outcome. */
    @Test
    void nastyInputsReachTheStrictParsersOutcome() {
        String params = ";created=1700000000;nonce=\"n\";keyid=\"k\";alg=\"hmac-sha256\"";
        String covered = "(\"@method\" \"@target-uri\")";
        String[] inputs = {
            "", " ", "sig1", "sig1=", "sig1=(", "sig1=)", "sig1=()", "sig1=();", "sig1=();created", "sig1=();created=",
            "Sig1=" + covered + params, "sig1 =" + covered + params, " sig1=" + covered + params,
            "sig1=" + covered + params + " ", "sig1=" + covered + params + ",", "sig1=" + covered + params + ";",
            "sig1=( \"@method\")" + params, "sig1=(\"@method\" )" + params, "sig1=(\"@method\"  \"@path\")" + params,
            "sig1=(\"@method\"\"@path\")" + params, "sig1=(\"@method\" \"@method\")" + params,
            "sig1=(\"@METHOD\")" + params, "sig1=(\"\")" + params, "sig1=(\"@method\";x=1)" + params,
            "sig1=(\"@method\";x)" + params, "sig1=(@method)" + params, "sig1=(\"@method)" + params,
            "sig1=(\"@me\\\"thod\")" + params, "sig1=(\"@m\u00e9thod\")" + params, "sig1=(\"@me\tthod\")" + params,
            "sig1=" + covered + ";created=1;created=1" + params.substring(";created=1700000000".length()),
            "sig1=" + covered + params + ";created=2", "sig1=" + covered + params + ";nonce=\"n\"",
            "sig1=" + covered + params + ";alg=\"x\"", "sig1=" + covered + ";keyid=\"a\";keyid=\"a\"",
            "sig1=" + covered + ";tag=\"a\";tag=\"b\"" + params, "sig1=" + covered + ";x;x" + params,
            "sig1=" + covered + "; created=1", "sig1=" + covered + ";created =1", "sig1=" + covered + ";created= 1",
            "sig1=" + covered + ";created=01;nonce=\"n\";keyid=\"k\"", "sig1=" + covered + ";created=-1;nonce=\"n\"",
            "sig1=" + covered + ";created=-0", "sig1=" + covered + ";created=1.5", "sig1=" + covered + ";created=1.",
            "sig1=" + covered + ";created=\"1\"", "sig1=" + covered + ";created=?1", "sig1=" + covered + ";created",
            "sig1=" + covered + ";created=999999999999999", "sig1=" + covered + ";created=1000000000000000",
            "sig1=" + covered + ";created=99999999999999999999999", "sig1=" + covered + ";expires=\"2\"",
            "sig1=" + covered + ";nonce=1", "sig1=" + covered + ";nonce=abc", "sig1=" + covered + ";nonce=:AAAA:",
            "sig1=" + covered + ";nonce=?0", "sig1=" + covered + ";keyid=k", "sig1=" + covered + ";alg=hmac-sha256",
            "sig1=" + covered + ";nonce=\"a\\\"b\"", "sig1=" + covered + ";nonce=\"a\\\\b\"",
            "sig1=" + covered + ";nonce=\"a\\b\"", "sig1=" + covered + ";nonce=\"a;b=c\";keyid=\"k\"",
            "sig1=" + covered + ";nonce=\"a;nonce=c\";nonce=\"d\"", "sig1=" + covered + ";nonce=\"a\"b\"",
            "sig1=" + covered + ";nonce=\"unterminated", "sig1=" + covered + ";nonce=\"\u0001\"",
            "sig1=" + covered + ";nonce=\"caf\u00e9\"", "sig1=" + covered + ";A=1", "sig1=" + covered + ";a=1;",
            "sig1=" + covered + params + ", sig2=" + covered + params,
            "sig1=" + covered + params + ", sig1=" + covered + params,
            "sig1=" + covered + params + ",sig1=" + covered + params, "sig1=" + covered + params + ";sig1",
            "sig1=?1", "sig1=1", "sig1=\"x\"", "sig1=:AAAA:", "sig1=(\"@method\")(\"@path\")",
            "sig1=" + covered + params + ")", "sig1=((\"@method\"))",
        };
        String[] signatures = {
            "sig1=:AAAA:", "sig1=:AAA=:", "sig1=:AA==:", "sig1=:AA=:", "sig1=:A:", "sig1=::", "sig1=:=AAA:",
            "sig1=:AA$A:", "sig1=:AAAA", "sig1=AAAA", "sig1=:AAAA:;x", "sig1=:AAAA:;x=1", "sig1=:AAAA: ",
            " sig1=:AAAA:", "sig1=:AAAA:, sig1=:AAAA:", "sig1=:AAAA:, sig2=:AAAA:", "sig2=:AAAA:, sig1=:AAAA:",
            "sig2=:AAAA:", "sig12=:AAAA:", "sig=:AAAA:", "sig1=:AA AA:", "sig1=:-_AA:", "sig1=:AAAA:AAAA:",
            "sig1=:AAAA==:", "sig1=:AAAAA:", "", "sig1", "sig1=", "sig1=:",
        };
        for (String input : inputs) {
            for (String signature : signatures) {
                same(input, signature);
            }
        }
        // more components than allowed, and just as many
        StringBuilder many = new StringBuilder("sig1=(");
        for (int i = 0; i < SignatureFields.MAX_COMPONENTS + 1; i++) {
            many.append(i == 0 ? "" : " ").append("\"h").append(i).append('"');
            String input = many + ")" + params;
            assertEquals(i < SignatureFields.MAX_COMPONENTS, same(input, "sig1=:AAAA:").startsWith("ok"), input);
        }
        // several field lines: one dictionary, a label given again on the second is refused
        same(List.of("sig1=" + covered + params, "sig1=" + covered + params), List.of("sig1=:AAAA:"));
        same(List.of("sig1=" + covered + params), List.of("sig1=:AAAA:", "sig1=:AAAA:"));
        same(List.of("sig1=" + covered + params), List.of("sig2=:AAAA:", "sig1=:AAAA:"));
        same(List.of(), List.of("sig1=:AAAA:"));
        same(List.of("sig1=" + covered + params), List.of());
    }

    /** Random edits of canonical fields: insertions, deletions, replacements and repeats of a piece. */
    @Test
    void mutatedFieldsReachTheStrictParsersOutcome() {
        Random random = new Random(22_4);
        String alphabet = ";=\",: ()\\-.0123456789aAz@*?\t";
        List<String> seeds = new ArrayList<>(List.of(CANONICAL_INPUT,
                "sig1=(\"@method\" \"@path\" \"@query\");created=1;expires=12;keyid=\"k\";nonce=\"n\";alg=\"a\""));
        int fastBefore = fastAnswers;
        for (int i = 0; i < 40_000; i++) {
            String input = mutate(random, seeds.get(random.nextInt(seeds.size())), alphabet);
            String signature = random.nextInt(3) == 0 ? mutate(random, CANONICAL_SIGNATURE, alphabet + "+/AZ")
                    : CANONICAL_SIGNATURE;
            same(input, signature);
        }
        assertTrue(fastAnswers - fastBefore > 1_000, "some mutations are still canonical: " + (fastAnswers - fastBefore));
    }

    private static String mutate(Random random, String text, String alphabet) {
        StringBuilder out = new StringBuilder(text);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(out.length() + 1);
            switch (random.nextInt(5)) {
                case 0 -> out.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                case 1 -> {
                    if (at < out.length()) {
                        out.deleteCharAt(at);
                    }
                }
                case 2 -> {
                    if (at < out.length()) {
                        out.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
                case 3 -> {
                    // a piece repeated: a parameter, a component or a member given twice
                    int end = Math.min(out.length(), at + 1 + random.nextInt(30));
                    out.insert(end, out.substring(at, end));
                }
                default -> {
                    int semicolon = out.indexOf(";", at);
                    if (semicolon >= 0) {
                        int next = out.indexOf(";", semicolon + 1);
                        String param = out.substring(semicolon, next < 0 ? out.length() : next);
                        out.append(param); // a parameter given again at the end
                    }
                }
            }
        }
        return out.toString();
    }

    private static String digestOutcome(List<String> lines, byte[] body, boolean strict) {
        try {
            if (strict) {
                ContentDigest.verifyStrict(lines, body);
            } else {
                ContentDigest.verify(lines, body);
            }
            return "ok";
        } catch (SignatureFailure e) {
            return "refused " + e.reason() + ": " + e.getMessage();
        } catch (RuntimeException e) {
            return "crashed " + e;
        }
    }

    /** Content-Digest's one-pass reading of {@code sha-256=:…:} against the strict parser's, the same way. */
    @Test
    void contentDigestReachesTheStrictParsersOutcome() {
        byte[] body = "{\"rand\":\"00\"}".getBytes(StandardCharsets.US_ASCII);
        String good = ContentDigest.of(body);
        String value = good.substring("sha-256=:".length(), good.length() - 1);
        assertNotNull(ContentDigest.canonicalSha256(good));
        List<String> fields = new ArrayList<>(List.of(good, "sha-256=:" + value.replace("=", "") + ":",
                "sha-256=:AAAA:", "sha-256=::", "sha-256=:", "sha-256=:=:", "sha-256=:" + value + ":;x",
                "sha-256=:" + value + ": ", " sha-256=:" + value + ":", "sha-256=:" + value + ":, sha-256=:AAAA:",
                "sha-256=:" + value + ":, sha-512=:AAAA:", "sha-256=:" + value + ":, md5=:AAAA:", "SHA-256=:" + value + ":",
                "sha-256=" + value, "sha-256=:" + value, "sha-256=:" + value + "::", "sha-256=:" + value.replace('=', '$') + ":",
                "sha-512=:" + value + ":", "md5=:AAAA:", "sha-256", "", "sha-256=:" + value + "=:",
                "sha-256=:" + value.substring(1) + ":", "sha-256=:" + value + "AA:"));
        Random random = new Random(9530);
        for (int i = 0; i < 20_000; i++) {
            fields.add(mutate(random, good, ";=\",: ()-.09aAz+/:"));
        }
        int ok = 0;
        for (String field : fields) {
            for (List<String> lines : List.of(List.of(field), List.of(field, good), List.of(good, field))) {
                String strict = digestOutcome(lines, body, true);
                assertEquals(strict, digestOutcome(lines, body, false), () -> "Content-Digest " + lines);
                assertTrue(!strict.startsWith("crashed"), strict);
                if (strict.equals("ok")) {
                    ok++;
                }
            }
        }
        assertTrue(ok > 3, "some fields verify: " + ok);
        assertEquals("ok", digestOutcome(List.of(good), body, false));
    }

    /** The strict parser's reading of a byte sequence's text (StructuredFields: the JDK's basic decoder). */
    private static String jdkBase64(String text) {
        try {
            Object member = StructuredFields.parseDictionary(List.of("a=:" + text + ":")).get("a");
            return Base64.getEncoder().encodeToString(
                    ((StructuredFields.ByteSequence) ((StructuredFields.Item) member).value()).bytes());
        } catch (StructuredFields.ParseError | RuntimeException e) {
            return "refused";
        }
    }

    /** The one-pass base64 against the JDK's decoder, on every short text of base64-ish characters and random longer ones. */
    @Test
    void base64DecodesAsTheJdkDoes() {
        String alphabet = "AQgw/+=9$";
        List<String> texts = new ArrayList<>();
        texts.add("");
        for (int length = 1; length <= 4; length++) {
            for (int n = 0; n < Math.pow(alphabet.length(), length); n++) {
                StringBuilder text = new StringBuilder();
                for (int i = 0, rest = n; i < length; i++, rest /= alphabet.length()) {
                    text.append(alphabet.charAt(rest % alphabet.length()));
                }
                texts.add(text.toString());
            }
        }
        Random random = new Random(8941);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(50);
            for (int j = 0; j < length; j++) {
                text.append(random.nextInt(10) == 0 ? "=-_ \u00e9".charAt(random.nextInt(5))
                        : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".charAt(random.nextInt(64)));
            }
            texts.add(text.toString());
        }
        for (String text : texts) {
            byte[] fast = CanonicalSignature.base64("x" + text + "y", 1, text.length() + 1);
            String expected = jdkBase64(text);
            assertEquals(expected, fast == null ? "refused" : Base64.getEncoder().encodeToString(fast), text);
        }
    }
}
