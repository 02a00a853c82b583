package org.simgate.security;

/**
 * Whether the client a signature names may make the request it signed: asked once the signature
 * verified and before its nonce is kept, so that a key holder without rights stores nothing
 * (it could otherwise fill the nonce cache with requests that are refused anyway). It must not
 * change anything — no token taken from a rate limit — since the request may still be a replay;
 * rate limits come after a {@link Verification.Verified}.
 */
@FunctionalInterface
public interface Authorization {

    /** For callers that authorize later, or not at all (tests, benchmarks, simgate's own checks). */
    Authorization ANY_CLIENT = client -> true;

    boolean allows(String client);
}
