package org.simgate.front;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a front's config opens to the network, judged before anything starts.
 *
 * @param beyondLoopback the sections whose listeners listen beyond this host (a wildcard bind,
 *                       another interface, a name resolving to one): without client authentication
 *                       the start is refused unless {@code simgate.auth.required = false} is said
 * @param connections    the most connections each listener may hold, by the key that sets it
 *                       ({@code simgate.line.max-connections}): they must fit in the process's open-file limit
 * @param serverTls      whether a listener presents the server certificate (the https one): then it
 *                       and the client CA are checked before the start
 */
public record Exposure(List<String> beyondLoopback, Map<String, Integer> connections, boolean serverTls) {

    /** Opens nothing: a disabled front, or one that only connects out. */
    public static final Exposure NONE = new Exposure(List.of(), Map.of(), false);

    public Exposure {
        beyondLoopback = List.copyOf(beyondLoopback);
        connections = Collections.unmodifiableMap(new LinkedHashMap<>(connections)); // in order: messages list them
    }
}
