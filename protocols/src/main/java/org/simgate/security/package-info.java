/**
 * Client authentication and authorization, independent of any protocol (no Netty types): RFC 9421
 * signed requests with RFC 9530 Content-Digest ({@code signature}), shared key groups and device
 * keys ({@code keys}), the nonce cache ({@code replay}), the line protocol's AUTH line
 * ({@code line}), per-client slots, operations and AKA rate limits ({@code access}), and
 * {@code simgate.auth} ({@code config}). {@link org.simgate.security.Security} wires them.
 * User documentation: {@code docs/security.md}.
 *
 * <p>Decisions where RFC 9421 and the issue leave room:
 * <ul>
 *   <li>Of several signatures, the first label of Signature-Input is verified; others are ignored.
 *       A label, parameter or Content-Digest algorithm given twice is refused (RFC 8941 would keep
 *       the last, so a bogus first one and a valid second one would pass).</li>
 *   <li>Required: {@code created}, {@code nonce}, {@code keyid}, {@code alg}; covered
 *       {@code @method}, {@code @target-uri} (or {@code @path} and {@code @query}), and
 *       {@code content-digest} when there is a body. Component parameters, {@code @query-param}
 *       and {@code @status} are refused.</li>
 *   <li>The algorithm is the key's; an {@code alg} naming another is refused.</li>
 *   <li>Checks run cheapest and least revealing first, the nonce is recorded last, only once the
 *       signature verified and the caller's {@link org.simgate.security.Authorization} allowed the
 *       client, so that neither a stranger nor a key holder without rights can fill the cache
 *       ({@link org.simgate.security.signature.SignatureCheck}).</li>
 *   <li>Each key id holds at most its share of the nonce cache (the capacity over the keys that
 *       may sign); a full share refuses that key alone ({@link org.simgate.security.Verification.Throttled})
 *       rather than forget live nonces.</li>
 *   <li>Every refusal gets one answer ({@link org.simgate.security.Challenge}); the reason is
 *       for the audit log only.</li>
 * </ul>
 */
package org.simgate.security;
