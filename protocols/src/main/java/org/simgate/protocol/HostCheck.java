package org.simgate.protocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * Answers only requests whose {@code Host} names a host the listener serves ({@link AllowedHosts}):
 * the defence against DNS rebinding, where a web page in a browser on this machine renames its own
 * host to 127.0.0.1 and talks to a loopback listener. Any other request is answered
 * {@code 421 Misdirected Request} — this listener does not serve that host — and the connection
 * closes: nothing of it reaches the protocol's handler ({@link RequestCheck}).
 */
public final class HostCheck extends RequestCheck {
    /** A page can loop on a refused request: one INFO line a minute at most. */
    private static final RefusalLog REFUSALS = new RefusalLog(LoggerFactory.getLogger(HostCheck.class));

    private final AllowedHosts hosts;
    private final Refusal refusal;

    public HostCheck(AllowedHosts hosts) {
        this.hosts = Objects.requireNonNull(hosts, "hosts");
        this.refusal = new Refusal(HttpResponseStatus.MISDIRECTED_REQUEST, "this listener does not serve the host "
                + "named in the Host header; allow it with " + hosts.listener() + ".allowed-hosts");
    }

    @Override
    protected Refusal check(ChannelHandlerContext ctx, HttpRequest request) {
        if (hosts.allows(request.headers().get(HttpHeaderNames.HOST))) {
            return null;
        }
        // the header is the client's text: it is neither logged nor echoed
        REFUSALS.refused("{}: refused a request from {} naming a host this listener does not serve (DNS rebinding? "
                + "allowed hosts: {}.allowed-hosts)", hosts.listener(), ctx.channel().remoteAddress(), hosts.listener());
        return refusal;
    }
}
