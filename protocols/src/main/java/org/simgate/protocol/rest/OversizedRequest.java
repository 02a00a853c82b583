package org.simgate.protocol.rest;

import io.netty.handler.codec.http.HttpVersion;

/**
 * Passed down the pipeline in place of a request whose body exceeded the limit, so that its 413
 * takes its turn among pipelined answers.
 */
record OversizedRequest(HttpVersion version, int maxBodyBytes) {
}
