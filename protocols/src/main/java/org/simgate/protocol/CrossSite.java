package org.simgate.protocol;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;
import java.util.Locale;

/**
 * Whether a browser marks a request as sent by a web page of another site. Browsers say so in two
 * headers: {@code Origin} (the page's origin; on every cross-origin fetch and every POST, also an
 * HTML form's) and {@code Sec-Fetch-Site} (on every request, an image's or a script's GET too,
 * since Chrome 76, Firefox 90 and Safari 16.4). A request is cross-site when it names an origin
 * other than this listener's own (its scheme and the {@code Host} the browser sent it to), or when
 * {@code Sec-Fetch-Site} says anything but {@code same-origin} or {@code none} (the user typed the
 * address). {@code same-site} is cross-site here: another port of this host is another application.
 *
 * <p>Clients that are not browsers (curl, pySim, SWu and strongSwan clients, simgate's own) send
 * neither header, and are never concerned.
 */
public final class CrossSite {
    /** Netty 4.2 has no constant for it; an AsciiString keeps its hash for every request's lookup. */
    private static final AsciiString SEC_FETCH_SITE = AsciiString.cached("sec-fetch-site");

    private CrossSite() {
    }

    /** @param scheme the listener's own scheme, {@code http} or {@code https} */
    public static boolean isCrossSite(HttpHeaders headers, String scheme) {
        String site = headers.get(SEC_FETCH_SITE);
        if (site != null) {
            String value = site.strip().toLowerCase(Locale.ROOT);
            if (!value.equals("same-origin") && !value.equals("none")) {
                return true;
            }
        }
        if (!headers.contains(HttpHeaderNames.ORIGIN)) {
            return false; // the usual case, and no list to allocate
        }
        List<String> origins = headers.getAll(HttpHeaderNames.ORIGIN);
        String host = headers.get(HttpHeaderNames.HOST);
        if (host == null) {
            return true;
        }
        String own = normalized(scheme + "://" + host);
        for (String origin : origins) {
            if (!normalized(origin).equals(own)) {
                return true;
            }
        }
        return false;
    }

    /** Lower case, without a trailing slash or the scheme's default port: http://GW:80/ is http://gw. */
    static String normalized(String origin) {
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
