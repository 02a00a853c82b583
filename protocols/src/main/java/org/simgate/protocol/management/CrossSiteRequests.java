package org.simgate.protocol.management;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Locale;

/**
 * Refuses what a web page on another site makes a browser send here: any web page can POST a form
 * to http://127.0.0.1:8081/admin/v1/slots/0/drain, and the browser goes along without asking
 * anyone. Browsers name the page's origin in {@code Origin} on every such request; a request that
 * changes something and names an origin other than this listener's own (its scheme and the
 * {@code Host} it was sent to) is refused. Reads are left alone: the same-origin policy keeps their
 * answers from the other site. A client that sends no {@code Origin} (curl, simgate's client) is no
 * browser and is not concerned.
 */
final class CrossSiteRequests {

    private CrossSiteRequests() {
    }

    static boolean refuses(HttpRequest request, String scheme) {
        HttpMethod method = request.method();
        if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method)) {
            return false;
        }
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin == null) {
            return false;
        }
        String host = request.headers().get(HttpHeaderNames.HOST);
        return host == null || !normalized(origin).equals(normalized(scheme + "://" + host));
    }

    /** Lower case, without a trailing slash or the scheme's default port: http://GW:80/ is http://gw. */
    private static String normalized(String origin) {
        String text = origin.strip().toLowerCase(Locale.ROOT);
        if (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.startsWith("http://") && text.endsWith(":80")) {
            return text.substring(0, text.length() - 3);
        }
        if (text.startsWith("https://") && text.endsWith(":443")) {
            return text.substring(0, text.length() - 4);
        }
        return text;
    }
}
