package org.simgate.security.signature;

import java.util.Locale;
import org.simgate.security.RefusalReason;

/**
 * An absolute request target ({@code scheme://authority/path?query}) split as RFC 9421 §2.2
 * needs it. Split by hand rather than with java.net.URI, which re-encodes: the signature covers
 * the bytes as sent.
 */
record TargetUri(String uri, String scheme, String authority, String path, String query) {

    static TargetUri parse(String uri) throws SignatureFailure {
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd <= 0) {
            throw new SignatureFailure(RefusalReason.MALFORMED, "target URI is not absolute");
        }
        String scheme = uri.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        int authorityStart = schemeEnd + 3;
        int pathStart = authorityStart;
        while (pathStart < uri.length() && "/?#".indexOf(uri.charAt(pathStart)) < 0) {
            pathStart++;
        }
        String authority = uri.substring(authorityStart, pathStart);
        if (authority.isEmpty()) {
            throw new SignatureFailure(RefusalReason.MALFORMED, "target URI has no authority");
        }
        int fragment = uri.indexOf('#', pathStart);
        String rest = fragment < 0 ? uri.substring(pathStart) : uri.substring(pathStart, fragment);
        int queryStart = rest.indexOf('?');
        String path = queryStart < 0 ? rest : rest.substring(0, queryStart);
        String query = queryStart < 0 ? null : rest.substring(queryStart + 1);
        return new TargetUri(fragment < 0 ? uri : uri.substring(0, fragment), scheme,
                normalizeAuthority(scheme, authority), path.isEmpty() ? "/" : path, query);
    }

    /** §2.2.3: lower case, and no port when it is the scheme's default. */
    private static String normalizeAuthority(String scheme, String authority) {
        String lower = authority.toLowerCase(Locale.ROOT);
        if (scheme.equals("https") && lower.endsWith(":443")) {
            return lower.substring(0, lower.length() - 4);
        }
        if (scheme.equals("http") && lower.endsWith(":80")) {
            return lower.substring(0, lower.length() - 3);
        }
        return lower;
    }

    /** §2.2.5: the path and query as in the request line (origin form). */
    String requestTarget() {
        return query == null ? path : path + "?" + query;
    }

    /** §2.2.7: the query with its leading {@code ?}; just {@code ?} when there is none. */
    String queryComponent() {
        return "?" + (query == null ? "" : query);
    }
}
