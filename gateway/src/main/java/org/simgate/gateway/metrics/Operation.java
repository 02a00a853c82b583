package org.simgate.gateway.metrics;

import java.util.Locale;

/** What a protocol asked of a slot, as the {@code operation} label names it. */
enum Operation {
    AUTHENTICATE, INFO, TRANSMIT, RESET, TRANSACTION, SUCI;

    static final Operation[] ALL = values();

    final String label = name().toLowerCase(Locale.ROOT);
}
