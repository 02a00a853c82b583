package org.simgate.aka.auc;

/** The AuC has no subscriber with this IMSI. The message names the IMSI (an identifier, not a secret). */
public final class UnknownSubscriberException extends Exception {
    public UnknownSubscriberException(String imsi) {
        super("no subscriber with IMSI " + imsi);
    }
}
