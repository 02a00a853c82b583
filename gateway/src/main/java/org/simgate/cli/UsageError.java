package org.simgate.cli;

/**
 * A mistake in the command line found after parsing (options that do not go together, a value of
 * the wrong form): the client prints it with the usage and exits 2, as for picocli's own usage errors.
 */
final class UsageError extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
        super(message);
    }
}
