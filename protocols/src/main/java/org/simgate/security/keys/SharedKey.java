package org.simgate.security.keys;

import java.time.Instant;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One hmac-sha256 key of a group: its id (the request's keyid), the group and the client it acts
 * for, the secret, and an optional expiry (null: none). toString never shows the secret.
 */
public record SharedKey(String id, String group, String client, byte[] secret, Instant expires, boolean revoked) {

    public SharedKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(secret, "secret");
        secret = secret.clone();
    }

    /** Whether the key still verifies at {@code now}: not revoked and not past its expiry. */
    public boolean usableAt(Instant now) {
        return !revoked && !expiredAt(now);
    }

    public boolean expiredAt(Instant now) {
        return expires != null && !now.isBefore(expires);
    }

    /**
     * Whether a connection that authenticated with {@code before} still acts with this key: the
     * same secret for the same client. A key whose secret changed is another key.
     */
    public boolean sameCredentialAs(SharedKey before) {
        return id.equals(before.id) && client.equals(before.client)
                && java.security.MessageDigest.isEqual(secret, before.secret);
    }

    public SecretKey secretKey() {
        return new SecretKeySpec(secret, "HmacSHA256");
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public String toString() {
        return "SharedKey[id=" + id + ", group=" + group + ", client=" + client + ", secret redacted"
                + (expires != null ? ", expires=" + expires : "") + (revoked ? ", revoked" : "") + "]";
    }
}
