package org.simgate.protocol.line;

import java.util.regex.Pattern;

/**
 * Lines a web browser sends, never a line-protocol client: an HTTP request line
 * ({@code POST /x HTTP/1.1}) or a {@code Host:} header line. A web page can make the browser POST to
 * 127.0.0.1:4001 with a body of line commands; the request line comes first, so the connection is
 * closed before its body is read as requests (as Redis does for the same attack).
 */
final class HttpLines {
    /** Method, target, version; every HTTP/1.x request line, and HTTP/2's preface {@code PRI * HTTP/2.0}. */
    private static final Pattern REQUEST_LINE = Pattern.compile("[A-Z]+ \\S+ HTTP/\\d(\\.\\d)?");

    private HttpLines() {
    }

    /** Whether {@code line} (trimmed, without its line end) is an HTTP request line or Host header line. */
    static boolean isHttp(String line) {
        return REQUEST_LINE.matcher(line).matches() || line.regionMatches(true, 0, "host:", 0, 5);
    }
}
