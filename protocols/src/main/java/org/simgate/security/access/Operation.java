package org.simgate.security.access;

import java.util.Locale;
import java.util.Optional;

/** What a client may do on a slot; the names are those of the {@code operations} config list. */
public enum Operation {
    /** AUTHENTICATE (sim-auth, usim-https, line-protocol AUTH), and key derivations from it. */
    AKA,
    /** Read-only card facts: IMSI, ICCID, slot status, SUCI. */
    INFO,
    /** Raw APDUs (apdu-api, line-protocol APDU and RESET). */
    APDU,
    /** The vpcd relay: a remote PC/SC application drives the card. */
    RELAY,
    /** The admin API: drain, undrain, reset, reread. */
    ADMIN,
    /**
     * The AuC's vector API: mint authentication vectors for simulated subscribers. Never implied by
     * the others: a client that may use cards may not make the network's side of AKA unless listed.
     */
    AUC;

    /** The config name, e.g. {@code aka}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Operation> named(String configName) {
        for (Operation operation : values()) {
            if (operation.configName().equals(configName)) {
                return Optional.of(operation);
            }
        }
        return Optional.empty();
    }
}
