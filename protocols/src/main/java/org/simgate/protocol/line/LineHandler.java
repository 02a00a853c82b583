package org.simgate.protocol.line;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each request and writes its answer. Card work never runs here: {@link RequestRunner} hands
 * it to the slot's thread, and the result comes back to this channel's event loop to be encoded.
 *
 * <p>A client may send requests ahead; answers go out in request order even when a later request's
 * slot is faster, so they wait in {@link #owed}. With {@code maxPipelined} answers owed, or while the
 * client does not read what is written, the connection stops reading and the decoder keeps the rest
 * as bytes: a client cannot make the gateway hold more than a bounded amount for it.
 *
 * <p>Nothing of a request or an answer (hex, RES, keys) is ever logged.
 */
final class LineHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(LineHandler.class);

    /** One request's place in the answer order; {@code answer} is set once it is ready. */
    private static final class Owed {
        ByteBuf answer;
        boolean close;
    }

    private final RequestRunner runner;
    private final RequestDecoder decoder;
    private final int maxPipelined;
    private final ArrayDeque<Owed> owed = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    /** Inside a read burst: answers ready now are flushed once, at channelReadComplete. */
    private boolean reading;
    private boolean flushLater;
    /** The client's input ended or a request cannot be framed: answer what is owed, then close. */
    private boolean closing;
    private boolean inactive;

    LineHandler(RequestRunner runner, RequestDecoder decoder, int maxPipelined) {
        this.runner = runner;
        this.decoder = decoder;
        this.maxPipelined = maxPipelined;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reading = true;
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof Request.Commands request) {
            Owed slot = owe();
            try {
                runner.run(request).whenComplete((results, failure) -> {
                    if (ctx.executor().inEventLoop()) {
                        completed(slot, request, results, failure);
                    } else {
                        ctx.executor().execute(() -> completed(slot, request, results, failure));
                    }
                });
            } catch (RuntimeException e) {
                completed(slot, request, null, e);
            }
        } else if (msg instanceof Request.Unreadable refused) {
            Owed slot = owe();
            slot.close = refused.close();
            if (refused.close()) {
                closing = true;
            }
            ready(slot, AnswerEncoder.refusal(ctx.alloc(), refused.error(), refused.reason()));
        } else {
            ReferenceCountUtil.release(msg);
        }
        updateReading();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        reading = false;
        if (flushLater) {
            flushLater = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        updateReading();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            // while answers are owed the wait is ours, not the client's
            if (owed.isEmpty()) {
                ctx.close();
            }
            return;
        }
        if (evt instanceof ChannelInputShutdownEvent) {
            // the decoder has handed over the last request already: answer everything, then close
            closing = true;
            if (owed.isEmpty()) {
                ctx.close();
            } else {
                owed.peekLast().close = true;
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        inactive = true;
        for (Owed pending : owed) {
            if (pending.answer != null) {
                pending.answer.release();
                pending.answer = null;
            }
        }
        owed.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // requests' own failures are answered; what arrives here is the connection's (reset by peer)
        ctx.close();
    }

    private Owed owe() {
        Owed slot = new Owed();
        owed.addLast(slot);
        return slot;
    }

    /** The request's results arrived; runs on the event loop. */
    private void completed(Owed slot, Request.Commands request, List<String> results, Throwable failure) {
        if (inactive) {
            return;
        }
        if (results == null || results.size() != request.commands().size()) {
            // RequestRunner turns every slot failure into codes; this is a bug in simgate
            LOG.warn("line protocol: a request failed unexpectedly", failure);
            results = Collections.nCopies(request.commands().size(), ErrorCode.FAILURE.code());
        }
        ready(slot, AnswerEncoder.answer(ctx.alloc(), request.commands(), results));
    }

    private void ready(Owed slot, ByteBuf answer) {
        if (inactive) {
            answer.release();
            return;
        }
        slot.answer = answer;
        writeReady();
    }

    /** Writes the answers at the head of the queue that are ready, in order. */
    private void writeReady() {
        boolean wrote = false;
        Owed head;
        while ((head = owed.peekFirst()) != null && head.answer != null) {
            owed.pollFirst();
            ByteBuf answer = head.answer;
            head.answer = null;
            if (head.close) {
                ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
                inactive = true; // nothing more goes out on this connection
                return;
            }
            ctx.write(answer, ctx.voidPromise());
            wrote = true;
        }
        if (wrote) {
            if (reading) {
                flushLater = true;
            } else {
                ctx.flush();
            }
        }
        updateReading();
    }

    /** Reads only while the connection may take more requests and the client reads our answers. */
    private void updateReading() {
        Channel channel = ctx.channel();
        boolean wanted = !closing && owed.size() < maxPipelined && channel.isWritable();
        if (channel.config().isAutoRead() != wanted) {
            channel.config().setAutoRead(wanted);
        }
        if (wanted) {
            decoder.resume();
        } else {
            decoder.pause();
        }
    }
}
