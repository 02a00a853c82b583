package org.simgate.security.registration;

/**
 * A registration waiting for its device, with what only the server sees: the passphrase hash
 * (null when there is no passphrase) and how many wrong passphrases it has been sent.
 */
record PendingRegistration(Registration registration, PassphraseHash passphrase, int failedPassphrases) {

    PendingRegistration withFailedPassphrase() {
        return new PendingRegistration(registration, passphrase, failedPassphrases + 1);
    }
}
