package org.simgate.protocol.rest;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Netty's aggregator, except that a body over the limit becomes an {@link OversizedRequest} for
 * the REST handler (which answers 413 in JSON, in its turn among pipelined answers) instead of
 * Netty's own empty 413 written out of order. The rest of an oversized body is discarded.
 */
final class RequestAggregator extends HttpObjectAggregator {
    private final int maxBodyBytes;

    RequestAggregator(int maxBodyBytes) {
        super(maxBodyBytes);
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        // Netty would answer 'Expect: 100-continue' with a too large Content-Length by its own 413;
        // no continue response here sends the request on to handleOversizedMessage instead.
        if (HttpUtil.is100ContinueExpected(start) && HttpUtil.getContentLength(start, -1L) > maxContentLength) {
            return null;
        }
        return super.newContinueResponse(start, maxContentLength, pipeline);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ctx.fireChannelRead(new OversizedRequest(oversized.protocolVersion(), maxBodyBytes));
    }
}
