package org.simgate.security.signature;

import java.util.List;
import java.util.regex.Pattern;
import org.simgate.security.RefusalReason;
import org.simgate.security.SignableRequest;

/**
 * RFC 9421 §2.5: the signature base of a request — one line per covered component,
 * {@code "name": value}, then {@code "@signature-params": } and the serialized covered
 * components with their parameters, no newline after it.
 *
 * <p>Components simgate takes: the derived {@code @method}, {@code @target-uri},
 * {@code @authority}, {@code @scheme}, {@code @path}, {@code @query} and {@code @request-target}
 * (§2.2), and header fields by lower-case name (§2.1). Component parameters ({@code ;sf},
 * {@code ;key}, {@code ;bs}, {@code ;req}, {@code ;tr}), {@code @query-param} and {@code @status}
 * are refused as malformed: simgate's clients have no use for them.
 */
public final class SignatureBase {
    private static final Pattern OBSOLETE_FOLD = Pattern.compile("\\r?\\n[ \\t]+");

    private SignatureBase() {
    }

    /**
     * The base as bytes (ASCII).
     *
     * @param components      the covered component names, as listed in Signature-Input
     * @param signatureParams the serialized inner list with its parameters, e.g.
     *                        {@code ("@method" "@target-uri");created=1618884473;keyid="k"}
     * @throws SignatureFailure MISSING_COMPONENT when a covered header is absent, MALFORMED for an
     *                          unsupported component or a value the base cannot hold
     */
    public static byte[] create(SignableRequest request, List<String> components, String signatureParams)
            throws SignatureFailure {
        TargetUri target = null;
        String[] values = new String[components.size()];
        int length = PARAMS_NAME.length() + 4 + signatureParams.length();
        for (int i = 0; i < values.length; i++) {
            String component = components.get(i);
            if (component.startsWith("@")) {
                if (target == null) {
                    target = TargetUri.parse(request.targetUri());
                }
                values[i] = derived(component, request, target);
            } else {
                values[i] = field(component, request);
            }
            length += component.length() + 5 + values[i].length();
        }
        // written once into an array of the exact size: this runs for every signed request
        Ascii base = new Ascii(length);
        for (int i = 0; i < values.length; i++) {
            base.line(components.get(i), values[i]).separator('\n');
        }
        return base.line(PARAMS_NAME, signatureParams).bytes();
    }

    private static final String PARAMS_NAME = "@signature-params";

    /**
     * The base's bytes as they are written. Every value's characters are checked on the way in:
     * the base is ASCII (§2.5), and a line break or other control character inside a value would
     * forge a component line, so only the separators written here may be one.
     */
    private static final class Ascii {
        private final byte[] bytes;
        private int length;

        Ascii(int capacity) {
            bytes = new byte[capacity];
        }

        /** {@code "name": value}, without the line's end. */
        Ascii line(String name, String value) throws SignatureFailure {
            return separator('"').text(name).separator('"').separator(':').separator(' ').text(value);
        }

        Ascii separator(char c) {
            bytes[length++] = (byte) c;
            return this;
        }

        Ascii text(String value) throws SignatureFailure {
            int n = value.length();
            for (int i = 0; i < n; i++) {
                char c = value.charAt(i);
                if (c > 0x7e || (c < 0x20 && c != '\t')) {
                    throw new SignatureFailure(RefusalReason.MALFORMED,
                            c == '\n' || c == '\r' ? "a component value holds a line break"
                                    : "signature base would hold a non-ASCII character");
                }
                bytes[length++] = (byte) c;
            }
            return this;
        }

        byte[] bytes() {
            return bytes;
        }
    }

    private static String derived(String component, SignableRequest request, TargetUri target)
            throws SignatureFailure {
        return switch (component) {
            case "@method" -> request.method();
            case "@target-uri" -> target.uri();
            case "@authority" -> target.authority();
            case "@scheme" -> target.scheme();
            case "@path" -> target.path();
            case "@query" -> target.queryComponent();
            case "@request-target" -> target.requestTarget();
            default -> throw new SignatureFailure(RefusalReason.MALFORMED, "unsupported derived component");
        };
    }

    /** §2.1: every field line's value, trimmed, obsolete folding made one space, joined by ", ". */
    private static String field(String name, SignableRequest request) throws SignatureFailure {
        List<String> values = request.headers().all(name);
        if (values.isEmpty()) {
            throw new SignatureFailure(RefusalReason.MISSING_COMPONENT, "a covered header field is absent");
        }
        if (values.size() == 1) {
            return fieldLine(values.get(0));
        }
        StringBuilder joined = new StringBuilder();
        for (String value : values) {
            if (joined.length() > 0) {
                joined.append(", ");
            }
            joined.append(fieldLine(value));
        }
        return joined.toString();
    }

    private static String fieldLine(String value) {
        if (value.indexOf('\n') >= 0) {
            value = OBSOLETE_FOLD.matcher(value).replaceAll(" ");
        }
        return value.strip();
    }
}
