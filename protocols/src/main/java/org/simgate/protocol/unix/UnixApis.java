package org.simgate.protocol.unix;

import org.simgate.protocol.rest.RestLimits;

/**
 * The UNIX-socket front's config: the socket ({@code simgate.unix}) and the REST limits its
 * connections share with the TCP listeners ({@code simgate.rest}).
 */
public record UnixApis(UnixConfig socket, RestLimits limits) {
}
