package org.simgate.front.config;

/** The slots a config defines, as a front's config sees them: which it may serve. */
public interface ConfiguredSlots {

    /**
     * Null when slot {@code id} exists (or may: an automatic PC/SC slot yet to be found) and takes
     * raw APDUs; else why not, said for the key that names the slot ({@code no slot 3 in simgate.slots}).
     */
    String refusesRawApdus(int id);
}
