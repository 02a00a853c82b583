package org.simgate.protocol.line;

import java.util.List;

/** What the decoder hands the handler: a request to run, or one that is answered with an error. */
sealed interface Request {

    /** {@code >READER|}, then the commands, in order; the reader is a name, a regex or {@code *}. */
    record Commands(String reader, List<Command> commands) implements Request {
        public Commands {
            commands = List.copyOf(commands);
        }
    }

    /**
     * A request that cannot be read as a whole (a stray line, too many commands, a line too long):
     * nothing of it runs, and it is answered by one {@code >ERR:code:reason} line. {@code reason} is
     * for humans and never quotes the client's input. With {@code close} the connection ends after
     * the answer, because the rest of its input cannot be framed.
     */
    record Unreadable(ErrorCode error, String reason, boolean close) implements Request {
    }

    /**
     * An HTTP request line or Host header line where a request's first line belongs: a browser made
     * to POST here by some web page ({@link HttpLines}). The connection closes without an answer and
     * nothing after it is read.
     */
    record Http() implements Request {
    }

    /**
     * An AUTH line ({@code >AUTH:<keyid>:<created>:<nonce>:<signature>|}) between requests, read as
     * such only when the listener requires authentication. toString never shows the line.
     */
    record Authenticate(String line) implements Request {
        @Override
        public String toString() {
            return "Authenticate[redacted]";
        }
    }
}
