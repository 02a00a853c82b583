package org.simgate.protocol.line;

import io.netty.channel.Channel;
import java.util.Objects;
import org.simgate.protocol.ClientCertificate;
import org.simgate.protocol.ConnectionsByKey;
import org.simgate.security.Security;
import org.simgate.security.Verification;
import org.simgate.security.access.Admission;
import org.simgate.security.access.Operation;
import org.simgate.security.audit.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who one line-protocol connection acts for, when {@code simgate.auth.required}: nobody until an
 * AUTH line verifies or its TLS client certificate names a client; then that client, for as long
 * as its key stays valid. It also answers what the client may do on a slot, and writes the audit
 * lines. One per connection, used on its event loop only.
 *
 * <p>A key that ends — a device revoked; a shared key removed from the key file, changed, revoked
 * there or expired — closes the connection at once through {@link ConnectionsByKey} (an expiry
 * within one key-file poll); each request checks the key again as well. {@value #MAX_FAILED_AUTH} AUTH lines
 * that do not verify close the connection: a guesser gets few tries per TCP handshake.
 */
final class LineGuard {
    private static final Logger LOG = LoggerFactory.getLogger(LineGuard.class);
    static final String PROTOCOL = "line";
    /** AUTH lines that may fail on one connection; the last one's answer closes it. */
    static final int MAX_FAILED_AUTH = 3;

    enum Attempt {
        ACCEPTED, REFUSED, REFUSED_AND_CLOSED,
        /** The key verified but its client may use no slot here: C086 (a failure, counted). */
        FORBIDDEN, FORBIDDEN_AND_CLOSED,
        /** The key's share of the nonce cache is full: C087:{@link #retryAfterSeconds()} (not a failure). */
        THROTTLED
    }

    enum Standing {
        /** Acts for a client. */
        AUTHENTICATED,
        /** Not yet (or the last AUTH line failed): requests are answered C085, the connection goes on. */
        UNAUTHENTICATED,
        /** Its key was revoked, removed or expired: answered C085, then closed. */
        REVOKED
    }

    private final Security security;
    private final ConnectionsByKey connections;
    private final Channel channel;
    private String client;
    /** Null when the connection authenticated by its certificate (or not at all). */
    private String keyId;
    private boolean certificateAsked;
    private int failures;
    private long retryAfterSeconds;

    LineGuard(Security security, ConnectionsByKey connections, Channel channel) {
        this.security = Objects.requireNonNull(security, "security");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.channel = Objects.requireNonNull(channel, "channel");
    }

    /**
     * Checks an AUTH line; any AUTH line replaces what the connection was before. Its nonce is
     * kept only for a client that may use some slot on this protocol ({@code aka}, {@code info}
     * or {@code apdu}): a key without rights here stores nothing.
     */
    Attempt authenticate(String line) {
        long start = System.nanoTime();
        forget();
        long mark = connections.mark();
        Verification verification = security.authLines().verify(line, this::mayUseSomeSlot);
        if (verification instanceof Verification.Verified verified) {
            if (!connections.add(verified.keyId(), channel, mark)) {
                // the key ended (revoked, removed, changed) while this line was checked: it closed the connection
                audit(AuditTrail.NO_SLOT, "auth", "revoked", System.nanoTime() - start);
                return Attempt.REFUSED_AND_CLOSED;
            }
            client = verified.client();
            keyId = verified.keyId();
            audit(AuditTrail.NO_SLOT, "auth", "ok", System.nanoTime() - start);
            return Attempt.ACCEPTED;
        }
        if (verification instanceof Verification.Throttled throttled) {
            retryAfterSeconds = throttled.retryAfterSeconds();
            auditAs(throttled.client(), "throttled:nonces", System.nanoTime() - start);
            return Attempt.THROTTLED;
        }
        failures++;
        boolean last = failures >= MAX_FAILED_AUTH;
        if (verification instanceof Verification.Forbidden forbidden) {
            auditAs(forbidden.client(), "forbidden", System.nanoTime() - start);
            return last ? Attempt.FORBIDDEN_AND_CLOSED : Attempt.FORBIDDEN;
        }
        LOG.info("line protocol: AUTH from {} refused: {}", channel.remoteAddress(),
                ((Verification.Refused) verification).reason());
        audit(AuditTrail.NO_SLOT, "auth", "unauthenticated", System.nanoTime() - start);
        return last ? Attempt.REFUSED_AND_CLOSED : Attempt.REFUSED;
    }

    /** After {@link Attempt#THROTTLED}: when the key may sign an AUTH line again. */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    private boolean mayUseSomeSlot(String client) {
        return security.policy().allowsSomewhere(client, Operation.AKA)
                || security.policy().allowsSomewhere(client, Operation.INFO)
                || security.policy().allowsSomewhere(client, Operation.APDU);
    }

    /** An audit line for an AUTH line whose key verified but that did not open the connection. */
    private void auditAs(String signer, String outcome, long latencyNanos) {
        AuditTrail.record(PROTOCOL, channel.remoteAddress(), signer, AuditTrail.NO_SLOT, "auth", outcome, latencyNanos);
    }

    /**
     * Where the connection stands for its next request. The first time, a verified TLS client
     * certificate (mTLS) authenticates it as the certificate's CN; the handshake is over by the
     * time a request has been read.
     */
    Standing standing() {
        if (!certificateAsked) {
            certificateAsked = true;
            String named = ClientCertificate.clientName(channel);
            if (named != null && client == null) {
                client = named;
                audit(AuditTrail.NO_SLOT, "auth", "ok", -1);
            }
        }
        if (client == null) {
            return Standing.UNAUTHENTICATED;
        }
        if (keyId != null && !security.stillValid(keyId, client)) {
            LOG.info("line protocol: key {} of client {} is no longer valid: closing the connection from {}",
                    keyId, client, channel.remoteAddress());
            audit(AuditTrail.NO_SLOT, "auth", "revoked", -1);
            forget();
            return Standing.REVOKED;
        }
        return Standing.AUTHENTICATED;
    }

    String client() {
        return client;
    }

    boolean allows(int slot, Operation operation) {
        return client != null && security.policy().allows(client, slot, operation);
    }

    /** Whether ENUM and READERS list the slot: the client may use it for something on this protocol. */
    boolean sees(int slot) {
        return allows(slot, Operation.AKA) || allows(slot, Operation.INFO) || allows(slot, Operation.APDU);
    }

    Admission admitAka() {
        return security.akaRateLimits().tryAcquire(client);
    }

    void audit(int slot, String operation, String outcome, long latencyNanos) {
        AuditTrail.record(PROTOCOL, channel.remoteAddress(), client, slot, operation, outcome, latencyNanos);
    }

    private void forget() {
        if (keyId != null) {
            connections.remove(keyId, channel);
        }
        client = null;
        keyId = null;
    }
}
