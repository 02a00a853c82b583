package org.simgate.protocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCounted;

/**
 * A protocol handler whose clients pipeline requests (REST, the line protocol): the connection's
 * life — read bursts, writability, idleness, half-close, close — goes to its {@link OrderedAnswers},
 * which the subclass creates in {@code handlerAdded} and feeds with its requests' answers.
 */
public abstract class PipelinedRequestHandler<E extends OrderedAnswers.Owed<A>, A extends ReferenceCounted>
        extends ChannelInboundHandlerAdapter {
    protected OrderedAnswers<E, A> answers;

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        answers.burstEnded();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        answers.writabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            // an idle keep-alive connection, or a client that stopped halfway through a request
            answers.idle();
            return;
        }
        if (evt instanceof ChannelInputShutdownEvent) {
            // the decoder has handed over the last request already: answer everything, then close
            answers.inputShutdown();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        answers.inactive();
        ctx.fireChannelInactive();
    }
}
