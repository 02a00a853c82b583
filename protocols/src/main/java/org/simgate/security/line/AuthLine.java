package org.simgate.security.line;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;
import org.simgate.security.RefusalReason;
import org.simgate.security.signature.SignatureFailure;

/**
 * The line protocol's authentication line, {@code >AUTH:<keyid>:<created>:<nonce>:<signature>|},
 * and the fixed text its signature covers (docs/security.md):
 * <pre>
 * simgate-line-auth\n
 * keyid=&lt;keyid&gt;\n
 * created=&lt;created&gt;\n
 * nonce=&lt;nonce&gt;\n
 * </pre>
 * {@code created} is Unix time in decimal seconds, the signature standard base64 (with padding) of
 * the HMAC-SHA-256 or the P-384 ECDSA r‖s over those bytes. toString never shows the signature.
 */
public record AuthLine(String keyId, long created, String nonce, byte[] signature) {
    static final String PREFIX = ">AUTH:";
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern CREATED = Pattern.compile("[0-9]{1,12}");
    /** Longer than a P-384 signature's 128 base64 characters, so a signature is never cut off. */
    private static final int MAX_SIGNATURE_CHARS = 256;

    public AuthLine {
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** Whether a (trimmed) line is an AUTH line at all, well formed or not: {@code >AUTH:…}, any case. */
    public static boolean isAuthLine(String line) {
        String trimmed = line.strip();
        return trimmed.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /**
     * Reads an AUTH line as the line protocol reads every line: trimmed, the first {@code |} and
     * what follows dropped.
     *
     * @throws SignatureFailure MISSING when it is not an AUTH line, MALFORMED when a field is wrong
     */
    public static AuthLine parse(String line) throws SignatureFailure {
        String text = line.strip();
        int bar = text.indexOf('|');
        if (bar >= 0) {
            text = text.substring(0, bar).strip();
        }
        if (!isAuthLine(text)) {
            throw new SignatureFailure(RefusalReason.MISSING, "not an AUTH line");
        }
        String[] fields = text.substring(PREFIX.length()).split(":", -1);
        if (fields.length != 4) {
            throw malformed("an AUTH line has four fields");
        }
        if (!KEY_ID.matcher(fields[0]).matches() || !CREATED.matcher(fields[1]).matches()) {
            throw malformed("bad keyid or created");
        }
        if (fields[3].isEmpty() || fields[3].length() > MAX_SIGNATURE_CHARS) {
            throw malformed("bad signature length");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(fields[3]);
        } catch (IllegalArgumentException e) {
            throw malformed("signature is not base64");
        }
        // the nonce is checked by SignatureCheck (NONCE_TOO_LONG), as for HTTP
        return new AuthLine(fields[0], Long.parseLong(fields[1]), fields[2], signature);
    }

    /** The bytes the signature covers. */
    public static byte[] base(String keyId, long created, String nonce) {
        return ("simgate-line-auth\nkeyid=" + keyId + "\ncreated=" + created + "\nnonce=" + nonce + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    public byte[] base() {
        return base(keyId, created, nonce);
    }

    /** The line as sent, ending in {@code |} (the caller adds the line end). */
    public String encode() {
        return PREFIX + keyId + ":" + created + ":" + nonce + ":" + Base64.getEncoder().encodeToString(signature) + "|";
    }

    private static SignatureFailure malformed(String message) {
        return new SignatureFailure(RefusalReason.MALFORMED, message);
    }

    @Override
    public String toString() {
        return "AuthLine[keyid=" + keyId + ", created=" + created + ", signature redacted]";
    }
}
