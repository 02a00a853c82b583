package org.simgate.service;

/**
 * A SUCI computed from the card's IMSI (TS 33.501 §6.12.2), as its string form of TS 29.503
 * ({@code suci}) and its parts. Nothing here is secret: a SUCI travels in the clear by design.
 *
 * @param schemeOutput the MSIN for the null-scheme, else the hex of ephemeral public key ‖
 *                     ciphertext ‖ MAC tag
 */
public record SubscriptionConcealedIdentifier(String suci, String mcc, String mnc, String routingIndicator,
                                              int protectionScheme, int homeNetworkKeyId, String schemeOutput) {
}
