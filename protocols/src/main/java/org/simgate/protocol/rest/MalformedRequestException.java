package org.simgate.protocol.rest;

/**
 * A request the server cannot make sense of (answered 400). Its message goes to the client, so it
 * names the problem and never quotes the request. No stack trace: it is the client's mistake,
 * not ours.
 */
final class MalformedRequestException extends Exception {

    MalformedRequestException(String message) {
        super(message, null, false, false);
    }
}
