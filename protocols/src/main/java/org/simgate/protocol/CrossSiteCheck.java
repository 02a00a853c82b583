package org.simgate.protocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Objects;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * Refuses every request that a browser marks as sent by a web page of another site
 * ({@link CrossSite}), GET included, with {@code 403} and a JSON error, before anything of it
 * reaches the protocol's handler ({@link RequestCheck}). Without it, any page open in the
 * operator's browser reaches the cards through a loopback listener with no authentication: an
 * image's {@code src} of {@code /?type=apdu&hex=0020000108…} sends a wrong PIN with each page
 * view, until a physical SIM blocks. Reads are refused too: they run card commands, and a GET of
 * {@code /?type=rand-autn} moves the card's SQN.
 */
public final class CrossSiteCheck extends RequestCheck {
    private static final RefusalLog REFUSALS = new RefusalLog(LoggerFactory.getLogger(CrossSiteCheck.class));
    private static final Refusal REFUSAL = new Refusal(HttpResponseStatus.FORBIDDEN,
            "refused: the browser marks this request as sent by a web page of another site (Origin, Sec-Fetch-Site); "
                    + "web pages may not use the cards. Clients that are not browsers send neither header");

    private final String listener;
    private final String scheme;
    private final Predicate<String> open;
    private final Runnable refused;

    /**
     * @param listener the listener's config section ({@code simgate.http}), for the log
     * @param scheme   the listener's own scheme, {@code http} or {@code https}
     * @param open     the request URIs any site may use (they reach no card: {@code /health})
     * @param refused  told of each refusal (a metric)
     */
    public CrossSiteCheck(String listener, String scheme, Predicate<String> open, Runnable refused) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        this.open = Objects.requireNonNull(open, "open");
        this.refused = Objects.requireNonNull(refused, "refused");
    }

    @Override
    protected Refusal check(ChannelHandlerContext ctx, HttpRequest request) {
        if (!CrossSite.isCrossSite(request.headers(), scheme) || open.test(request.uri())) {
            return null;
        }
        refused.run();
        // the headers are the client's text: neither logged nor echoed
        REFUSALS.refused("{}: refused a cross-site browser request from {} (a web page of another site)", listener,
                ctx.channel().remoteAddress());
        return REFUSAL;
    }
}
