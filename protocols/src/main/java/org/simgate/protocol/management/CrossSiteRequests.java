package org.simgate.protocol.management;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import org.simgate.protocol.CrossSite;

/**
 * Refuses what a web page on another site makes a browser send here: any web page can POST a form
 * to http://127.0.0.1:8081/admin/v1/slots/0/drain, and the browser goes along without asking
 * anyone. A request that changes something and that the browser marks as cross-site
 * ({@link CrossSite}: an {@code Origin} other than this listener's own, or {@code Sec-Fetch-Site}
 * other than {@code same-origin}/{@code none}) is refused. Reads are left alone: the same-origin
 * policy keeps their answers from the other site. A client that sends neither header (curl,
 * simgate's client) is no browser and is not concerned.
 */
final class CrossSiteRequests {

    private CrossSiteRequests() {
    }

    static boolean refuses(HttpRequest request, String scheme) {
        HttpMethod method = request.method();
        if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method)) {
            return false;
        }
        return CrossSite.isCrossSite(request.headers(), scheme);
    }
}
