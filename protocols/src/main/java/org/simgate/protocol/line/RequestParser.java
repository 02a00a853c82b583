package org.simgate.protocol.line;

import java.util.ArrayList;
import java.util.List;
import org.simgate.security.line.AuthLine;

/**
 * Assembles lines into requests, following what foxyproxy accepts:
 * <pre>
 * &gt;READER[:password]|      opens a request (the password is accepted and ignored)
 * &gt;ID:COMMAND[:DATA]|      one or more commands
 * (empty line)               ends it; so does the end of the client's input
 * </pre>
 * The trailing {@code |} and anything after it are dropped, and may be missing; lines are trimmed;
 * {@code #} lines are comments. An empty line before the first command is ignored (telnet users
 * press Enter), and a second reader line before the first command replaces the first (foxyproxy).
 *
 * <p>Unlike foxyproxy, which skips lines it cannot read, a request holding such a line is refused as
 * a whole: running the rest of a sequence of APDUs with one of them missing is worse than an error.
 * A line outside any request (APDUPlay sends {@code get reset 1000} when it connects through
 * SCardConnectW) is answered at once, so such a client does not wait for its timeout.
 *
 * <p>An HTTP request line or {@code Host:} line there instead is a browser's ({@link HttpLines}):
 * {@link Request.Http}, after which the decoder reads nothing more.
 *
 * <p>When the listener requires authentication, {@code >AUTH:…|} outside a request is an AUTH line
 * (docs/security.md), handed over on its own; otherwise it would be a reader named {@code AUTH}.
 *
 * <p>A line that names a command where a reader line belongs ({@code >1:IMSI|}, {@code >IMSI|}) opens
 * a request without its reader, and a command line that starts with the command's name
 * ({@code >IMSI|}, {@code >APDU:00A4…|}) one without its ID: foxyproxy would read both as reader
 * lines and the client would wait for an answer that never comes. Each is answered with what is
 * missing, as a request refused whole.
 *
 * <p>Memory is bounded: beyond {@code maxCommands} commands are counted, not kept.
 */
final class RequestParser {
    private final int maxCommands;
    /** Whether {@code >AUTH:…|} between requests is an AUTH line (authentication required) or a reader line. */
    private final boolean authLines;

    /** Null while no request is open, or while the open one came without its reader line. */
    private String reader;
    /** The open request started with a command line, not its reader line. */
    private boolean missingReader;
    private final List<Command> commands = new ArrayList<>();
    private boolean tooMany;
    private boolean stray;
    private boolean missingId;

    RequestParser(int maxCommands, boolean authLines) {
        this.maxCommands = maxCommands;
        this.authLines = authLines;
    }

    /** Takes one line without its line end; returns the request it completes, or null. */
    Request line(String raw) {
        String line = raw.strip();
        if (line.startsWith("#")) {
            return null;
        }
        if (reader == null && !missingReader) {
            if (line.isEmpty()) {
                return null;
            }
            if (HttpLines.isHttp(line)) {
                return new Request.Http();
            }
            if (line.charAt(0) != '>') {
                return new Request.Unreadable(ErrorCode.UNKNOWN_COMMAND,
                        "a request starts with a line >READER|", false);
            }
            if (authLines && AuthLine.isAuthLine(line)) {
                return new Request.Authenticate(line);
            }
            String body = body(line);
            if (CommandParser.hasCommandName(body) || CommandParser.startsWithCommandName(body) && !isAuthLine(line, body)) {
                missingReader = true;
                command(body);
            } else {
                reader = readerOf(body);
            }
            return null;
        }
        if (line.isEmpty()) {
            return commands.isEmpty() && !tooMany && !stray && !missingId ? null : complete();
        }
        if (line.charAt(0) != '>') {
            stray = true;
            return null;
        }
        String body = body(line);
        if (body.indexOf(':') < 0 && !CommandParser.startsWithCommandName(body)) {
            if (commands.isEmpty() && !tooMany && !missingId && !missingReader) {
                reader = readerOf(body);
            } else {
                stray = true;
            }
            return null;
        }
        command(body);
        return null;
    }

    /** A command line, with or without its ID. */
    private void command(String body) {
        if (!CommandParser.hasCommandName(body) && CommandParser.startsWithCommandName(body)) {
            missingId = true;
        } else if (commands.size() >= maxCommands) {
            tooMany = true;
        } else {
            commands.add(CommandParser.parse(body));
        }
    }

    /** The client's input ended: a request with commands still runs, as foxyproxy runs it. */
    Request end() {
        return (reader != null || missingReader) && (!commands.isEmpty() || tooMany || stray || missingId)
                ? complete() : null;
    }

    private Request complete() {
        Request request;
        if (missingReader) {
            request = new Request.Unreadable(ErrorCode.READER_NOT_FOUND,
                    "no reader line: a request starts with >READER| before its >ID:COMMAND:DATA| lines", false);
        } else if (tooMany) {
            request = new Request.Unreadable(ErrorCode.WRONG_DATA,
                    "more than " + maxCommands + " commands in one request", false);
        } else if (missingId) {
            request = new Request.Unreadable(ErrorCode.WRONG_DATA, "a command line needs its ID: >ID:COMMAND:DATA|", false);
        } else if (stray) {
            request = new Request.Unreadable(ErrorCode.UNKNOWN_COMMAND,
                    "every line of a request starts with > (>READER| then >ID:COMMAND:DATA|)", false);
        } else {
            request = new Request.Commands(reader, commands);
        }
        reader = null;
        missingReader = false;
        commands.clear();
        tooMany = false;
        stray = false;
        missingId = false;
        return request;
    }

    /**
     * An AUTH line's shape, {@code >AUTH:<keyid>:<created>:<nonce>:<signature>|}, sent to a listener
     * that requires none: it stays a reader line (replaced by the next), as it always was.
     */
    private static boolean isAuthLine(String line, String body) {
        return AuthLine.isAuthLine(line) && body.split(":", -1).length == 5;
    }

    /** Between the leading {@code >} and the last {@code |}, trimmed. */
    private static String body(String line) {
        int bar = line.lastIndexOf('|');
        return (bar > 0 ? line.substring(1, bar) : line.substring(1)).strip();
    }

    /** {@code READER[:password]}: simgate has no reader passwords (clients authenticate otherwise). */
    private static String readerOf(String body) {
        int colon = body.indexOf(':');
        return (colon < 0 ? body : body.substring(0, colon)).strip();
    }
}
