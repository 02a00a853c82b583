package org.simgate.security.signature;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.simgate.security.RefusalReason;

/**
 * RFC 9530 Content-Digest: a dictionary of digest algorithm → byte sequence over the body.
 * simgate writes {@code sha-256}; it checks {@code sha-256} and {@code sha-512}, every one present
 * must match, entries for other algorithms are ignored, and a field with none it knows is refused.
 * An algorithm given twice is refused, whatever the values: RFC 8941 would keep the last one only,
 * so a wrong first digest would go unchecked.
 */
public final class ContentDigest {
    // MessageDigest.getInstance searches the providers each time; digest() leaves one ready for reuse
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> newDigest("SHA-256"));
    private static final ThreadLocal<MessageDigest> SHA_512 = ThreadLocal.withInitial(() -> newDigest("SHA-512"));

    private ContentDigest() {
    }

    /** The field value simgate sends: {@code sha-256=:<base64>:}. */
    public static String of(byte[] body) {
        return "sha-256=:" + Base64.getEncoder().encodeToString(digest("SHA-256", body)) + ":";
    }

    /**
     * Checks the Content-Digest field lines against {@code body}.
     *
     * @throws SignatureFailure BAD_DIGEST when absent, unparseable, naming an algorithm twice,
     *                          naming no known algorithm, or not matching
     */
    public static void verify(List<String> fieldLines, byte[] body) throws SignatureFailure {
        if (fieldLines.size() == 1) {
            byte[] claimed = canonicalSha256(fieldLines.get(0));
            if (claimed != null) {
                if (!MessageDigest.isEqual(SHA_256.get().digest(body), claimed)) {
                    throw bad("Content-Digest does not match the body");
                }
                return;
            }
        }
        verifyStrict(fieldLines, body);
    }

    private static final String SHA_256_MEMBER = "sha-256=:";

    /**
     * The digest of the field simgate's signer and common clients send, {@code sha-256=:<base64>:}
     * and nothing else, read in one pass; null for any other field, which the strict parser reads.
     */
    static byte[] canonicalSha256(String field) {
        int n = field.length();
        if (n <= SHA_256_MEMBER.length() || !field.startsWith(SHA_256_MEMBER) || field.charAt(n - 1) != ':') {
            return null;
        }
        return CanonicalSignature.base64(field, SHA_256_MEMBER.length(), n - 1);
    }

    /** {@link #verify} with the field parsed as a whole RFC 8941 dictionary. */
    static void verifyStrict(List<String> fieldLines, byte[] body) throws SignatureFailure {
        if (fieldLines.isEmpty()) {
            throw bad("Content-Digest missing");
        }
        Map<String, Object> digests;
        try {
            digests = StructuredFields.parseDictionaryOfUniqueKeys(fieldLines);
        } catch (StructuredFields.ParseError e) {
            throw bad("Content-Digest is not a structured-field dictionary of distinct algorithms");
        }
        int checked = 0;
        for (Map.Entry<String, Object> entry : digests.entrySet()) {
            ThreadLocal<MessageDigest> algorithm = switch (entry.getKey()) {
                case "sha-256" -> SHA_256;
                case "sha-512" -> SHA_512;
                default -> null;
            };
            if (algorithm == null) {
                continue;
            }
            if (!(entry.getValue() instanceof StructuredFields.Item item)
                    || !(item.value() instanceof StructuredFields.ByteSequence claimed)) {
                throw bad("Content-Digest member is not a byte sequence");
            }
            if (!MessageDigest.isEqual(algorithm.get().digest(body), claimed.bytes())) {
                throw bad("Content-Digest does not match the body");
            }
            checked++;
        }
        if (checked == 0) {
            throw bad("Content-Digest names no supported algorithm");
        }
    }

    private static byte[] digest(String algorithm, byte[] body) {
        return newDigest(algorithm).digest(body);
    }

    private static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SignatureFailure bad(String message) {
        return new SignatureFailure(RefusalReason.BAD_DIGEST, message);
    }
}
