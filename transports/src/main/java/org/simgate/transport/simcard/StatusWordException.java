package org.simgate.transport.simcard;

/**
 * A command ends in a status word other than 9000. Thrown inside the card and turned into the two
 * answer bytes at its edge; it carries no stack trace because it is an answer, not a fault, and
 * wrong commands must cost the hot path nothing.
 */
final class StatusWordException extends Exception {
    private final int statusWord;

    StatusWordException(int statusWord) {
        super(null, null, false, false);
        this.statusWord = statusWord;
    }

    int statusWord() {
        return statusWord;
    }

    @Override
    public String getMessage() {
        return String.format("status word %04X", statusWord);
    }
}
