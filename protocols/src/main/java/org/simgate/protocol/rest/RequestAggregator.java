package org.simgate.protocol.rest;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/**
 * Netty's aggregator, except that a body over the limit becomes an {@link OversizedRequest} for
 * the REST handler (which answers 413 in JSON, in order) instead of Netty's own empty 413.
 * The rest of the oversized body is discarded by the aggregator.
 */
final class RequestAggregator extends HttpObjectAggregator {
    private final int maxBodyBytes;

    RequestAggregator(int maxBodyBytes) {
        super(maxBodyBytes);
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ctx.fireChannelRead(new OversizedRequest(oversized.protocolVersion(), maxBodyBytes));
    }
}
