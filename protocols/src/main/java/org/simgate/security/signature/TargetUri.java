package org.simgate.security.signature;

import java.util.Locale;
import org.simgate.security.RefusalReason;

/**
 * An absolute request target ({@code scheme://authority/path?query}) split as RFC 9421 §2.2
 * needs it. Split by hand rather than with java.net.URI, which re-encodes: the signature covers
 * the bytes as sent. Parsing finds the boundaries only; each component is cut out when a
 * signature covers it (most cover {@code @target-uri} alone, which is the URI as it is).
 */
final class TargetUri {
    private final String uri;
    private final int schemeEnd;
    private final int pathStart;
    /** Where the query's {@code ?} is, or -1. */
    private final int queryMark;

    private TargetUri(String uri, int schemeEnd, int pathStart, int queryMark) {
        this.uri = uri;
        this.schemeEnd = schemeEnd;
        this.pathStart = pathStart;
        this.queryMark = queryMark;
    }

    static TargetUri parse(String uri) throws SignatureFailure {
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd <= 0) {
            throw new SignatureFailure(RefusalReason.MALFORMED, "target URI is not absolute");
        }
        int authorityStart = schemeEnd + 3;
        int pathStart = authorityStart;
        while (pathStart < uri.length() && "/?#".indexOf(uri.charAt(pathStart)) < 0) {
            pathStart++;
        }
        if (pathStart == authorityStart) {
            throw new SignatureFailure(RefusalReason.MALFORMED, "target URI has no authority");
        }
        int fragment = uri.indexOf('#', pathStart);
        if (fragment >= 0) {
            uri = uri.substring(0, fragment);
        }
        return new TargetUri(uri, schemeEnd, pathStart, uri.indexOf('?', pathStart));
    }

    /** §2.2.2: the target URI, without a fragment. */
    String uri() {
        return uri;
    }

    /** §2.2.4: lower case. */
    String scheme() {
        return uri.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    }

    /** §2.2.3: lower case, and no port when it is the scheme's default. */
    String authority() {
        String lower = uri.substring(schemeEnd + 3, pathStart).toLowerCase(Locale.ROOT);
        String scheme = scheme();
        if (scheme.equals("https") && lower.endsWith(":443")) {
            return lower.substring(0, lower.length() - 4);
        }
        if (scheme.equals("http") && lower.endsWith(":80")) {
            return lower.substring(0, lower.length() - 3);
        }
        return lower;
    }

    /** §2.2.6: the absolute path, {@code /} when empty. */
    String path() {
        String path = queryMark < 0 ? uri.substring(pathStart) : uri.substring(pathStart, queryMark);
        return path.isEmpty() ? "/" : path;
    }

    /** The query without its {@code ?}, or null when there is none. */
    private String query() {
        return queryMark < 0 ? null : uri.substring(queryMark + 1);
    }

    /** §2.2.5: the path and query as in the request line (origin form). */
    String requestTarget() {
        String query = query();
        return query == null ? path() : path() + "?" + query;
    }

    /** §2.2.7: the query with its leading {@code ?}; just {@code ?} when there is none. */
    String queryComponent() {
        String query = query();
        return "?" + (query == null ? "" : query);
    }
}
