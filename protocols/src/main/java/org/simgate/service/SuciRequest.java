package org.simgate.service;

/**
 * What a client asks for when it wants the card's SUPI concealed into a SUCI (TS 33.501 §6.12.2).
 *
 * @param scheme               the protection scheme identifier: 0 null-scheme, 1 Profile A, 2 Profile B
 * @param homeNetworkKeyId     the home network public key identifier (0 to 255) the SUCI names; null for
 *                             the null-scheme
 * @param homeNetworkPublicKey the key itself; null to use the one configured for this id
 * @param routingIndicator     1 to 4 digits; null for the slot's configured one, else "0"
 */
public record SuciRequest(int scheme, Integer homeNetworkKeyId, byte[] homeNetworkPublicKey, String routingIndicator) {

    public SuciRequest {
        if (scheme < 0 || scheme > 2) {
            throw new IllegalArgumentException("scheme: must be 0 (null-scheme), 1 (Profile A) or 2 (Profile B)");
        }
        if (scheme == 0) {
            if (homeNetworkKeyId != null && homeNetworkKeyId != 0) {
                throw new IllegalArgumentException("hn_key_id: the null-scheme uses no key (give none, or 0)");
            }
            if (homeNetworkPublicKey != null) {
                throw new IllegalArgumentException("hn_public_key: the null-scheme uses no key");
            }
            homeNetworkKeyId = 0;
        } else if (homeNetworkKeyId == null) {
            throw new IllegalArgumentException("hn_key_id: missing (0 to 255, the key id the SUCI names)");
        }
        if (homeNetworkKeyId < 0 || homeNetworkKeyId > 255) {
            throw new IllegalArgumentException("hn_key_id: must be 0 to 255");
        }
        if (routingIndicator != null && !routingIndicator.matches("[0-9]{1,4}")) {
            throw new IllegalArgumentException("routing_indicator: must be 1 to 4 digits");
        }
        homeNetworkPublicKey = homeNetworkPublicKey == null ? null : homeNetworkPublicKey.clone();
    }

    @Override
    public byte[] homeNetworkPublicKey() {
        return homeNetworkPublicKey == null ? null : homeNetworkPublicKey.clone();
    }
}
