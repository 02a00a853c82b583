package org.simgate.protocol.rest;

import java.io.IOException;
import org.simgate.security.access.Operation;

/**
 * What a REST route does besides its method and path ({@link RestRoutes}).
 *
 * @param guard   the operation a request asks for, which the authentication stage checks; null: the
 *                route is open to every client
 * @param handler answers the request, at once or through the service's future
 */
record RestRoute(Guard guard, Handler handler) {

    /** The operation of a request (usim-https: its query says). */
    @FunctionalInterface
    interface Guard {
        Operation operation(PendingResponse request) throws MalformedRequestException;
    }

    @FunctionalInterface
    interface Handler {
        void serve(PendingResponse request) throws IOException, MalformedRequestException;
    }
}
