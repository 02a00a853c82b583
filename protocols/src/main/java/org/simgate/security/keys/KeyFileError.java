package org.simgate.security.keys;

/**
 * A key file that cannot be used, said in one line naming the file and the key
 * ({@code keys.conf: groups.lab.keys[0].secret: must be base64:…, hex:… or env:NAME}). Never quotes
 * a value: most values in a key file are secrets.
 */
public final class KeyFileError extends Exception {
    public KeyFileError(String line) {
        super(line, null, false, false);
    }
}
