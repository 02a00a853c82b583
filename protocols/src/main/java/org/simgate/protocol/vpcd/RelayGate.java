package org.simgate.protocol.vpcd;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.simgate.protocol.ClientCertificate;
import org.simgate.protocol.ConnectionsByKey;
import org.simgate.security.Security;
import org.simgate.security.Verification;
import org.simgate.security.access.Operation;
import org.simgate.security.audit.AuditTrail;
import org.simgate.security.line.AuthLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The door of a listening relay when {@code simgate.auth.required}: nothing reaches the card until
 * the peer is a client that may {@code relay} this slot, named either by its verified TLS client
 * certificate or by its first frame, an AUTH frame: a vpcd frame whose payload is the line
 * protocol's AUTH line, {@code >AUTH:<keyid>:<created>:<nonce>:<signature>|} in ASCII (docs/pcsc.md).
 * The AUTH frame gets no answer; anything else first (or nothing within
 * {@value #AUTH_TIMEOUT_SECONDS} s) closes the connection without a card answer.
 *
 * <p>Once open, each frame checks that the key is still valid, and a key that ends (a device
 * revoked; a shared key removed from the key file, changed, revoked there or expired) closes the
 * connection at once through {@link ConnectionsByKey}: vpcd sees the card removed.
 */
final class RelayGate extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RelayGate.class);
    static final long AUTH_TIMEOUT_SECONDS = 10;
    private static final String PROTOCOL = "vpcd";

    private final Security security;
    private final ConnectionsByKey connections;
    private final int slot;
    private ScheduledFuture<?> timeout;
    private long arrived;
    private boolean open;
    private boolean closed;
    private String client;
    /** Null for a connection a client certificate authenticated. */
    private String keyId;

    RelayGate(Security security, ConnectionsByKey connections, int slot) {
        this.security = security;
        this.connections = connections;
        this.slot = slot;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // the relay hears of the connection once it is let through
        arrived = System.nanoTime();
        timeout = ctx.executor().schedule(() -> refuse(ctx, "unauthenticated", "no AUTH frame within "
                + AUTH_TIMEOUT_SECONDS + " s"), AUTH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (open) {
            if (keyId != null && !security.stillValid(keyId, client)) {
                refuse(ctx, "revoked", "key " + keyId + " of client " + client + " is no longer valid");
                ReferenceCountUtil.release(msg);
                return;
            }
            ctx.fireChannelRead(msg);
            return;
        }
        if (timeout != null) {
            timeout.cancel(false);
        }
        String named = ClientCertificate.clientName(ctx.channel());
        if (named != null) {
            // the certificate speaks for the peer: its first frame is vpcd's own
            if (admit(ctx, named, null, 0)) {
                ctx.fireChannelRead(msg);
            }
            return;
        }
        String line = msg instanceof VpcdMessage.Apdu frame
                ? new String(frame.command(), StandardCharsets.US_ASCII) : null;
        if (line == null || !AuthLine.isAuthLine(line)) {
            refuse(ctx, "unauthenticated", "the first frame is not an AUTH frame");
            return;
        }
        long mark = connections.mark();
        // the nonce is kept only for a client that may relay this slot
        Verification verification = security.authLines().verify(line,
                client -> security.policy().allows(client, slot, Operation.RELAY));
        if (verification instanceof Verification.Verified verified) {
            admit(ctx, verified.client(), verified.keyId(), mark);
        } else if (verification instanceof Verification.Forbidden forbidden) {
            this.client = forbidden.client();
            refuse(ctx, "forbidden", "client " + forbidden.client() + " may not relay slot " + slot);
        } else if (verification instanceof Verification.Throttled throttled) {
            this.client = throttled.client();
            refuse(ctx, "throttled:nonces", "key " + throttled.keyId() + " holds its whole share of the nonce cache,"
                    + " for " + throttled.retryAfterSeconds() + " s more");
        } else {
            refuse(ctx, "unauthenticated", "AUTH frame refused: " + ((Verification.Refused) verification).reason());
        }
    }

    /** @param mark taken before {@code keyId} was verified (see {@link ConnectionsByKey#add}) */
    private boolean admit(ChannelHandlerContext ctx, String client, String keyId, long mark) {
        this.client = client;
        if (!security.policy().allows(client, slot, Operation.RELAY)) {
            refuse(ctx, "forbidden", "client " + client + " may not relay slot " + slot);
            return false;
        }
        if (keyId != null && !connections.add(keyId, ctx.channel(), mark)) {
            refuse(ctx, "revoked", "key " + keyId + " of client " + client + " ended while it was checked");
            return false;
        }
        this.keyId = keyId;
        open = true;
        AuditTrail.record(PROTOCOL, ctx.channel().remoteAddress(), client, slot, Operation.RELAY.configName(), "ok",
                System.nanoTime() - arrived);
        ctx.fireChannelActive();
        return true;
    }

    /** Closes without a card answer; the reason goes to the log, never to the peer. */
    private void refuse(ChannelHandlerContext ctx, String outcome, String why) {
        if (closed) {
            return;
        }
        closed = true;
        try (var ignored = MDC.putCloseable("slot", Integer.toString(slot))) {
            log.info("vpcd relay: slot {}: closing the connection from {}: {}", slot, ctx.channel().remoteAddress(), why);
        }
        AuditTrail.record(PROTOCOL, ctx.channel().remoteAddress(), client, slot, Operation.RELAY.configName(), outcome,
                System.nanoTime() - arrived);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        closed = true;
        if (open) {
            ctx.fireChannelInactive();
        }
    }
}
