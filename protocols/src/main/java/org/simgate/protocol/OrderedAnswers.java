package org.simgate.protocol;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCounted;
import java.util.ArrayDeque;

/**
 * The answers a connection owes, written in request order. A client may send requests ahead;
 * their answers go out in the order the requests came even when a later request's slot is faster,
 * so a ready answer waits here until every earlier one is written. With {@code maxOwed} answers
 * owed, or while the client does not read what is written, the connection stops reading: a client
 * cannot make the gateway hold more than a bounded amount for it.
 *
 * <p>Answers that become ready inside a read burst are flushed once, when the burst ends. Used on
 * the channel's event loop only; protocols whose requests come pipelined (REST, the line protocol,
 * management) share it.
 *
 * <p>One at a time ({@link #oneAtATime}): a request's handling starts only once every earlier
 * answer is written, so a request sees what the one before it changed (the management API: a
 * slot's detail asked right after a drain shows it drained).
 *
 * @param <E> the protocol's own record of one owed answer
 * @param <A> the answer as written to the channel
 */
public final class OrderedAnswers<E extends OrderedAnswers.Owed<A>, A extends ReferenceCounted> {

    /** One request's place in the answer order. */
    public abstract static class Owed<A> {
        A answer;
        boolean written;
        boolean closeAfter;
        /** One at a time: the handling that waits for every earlier answer to be written. */
        Runnable waitingStart;

        /** The connection closes once this answer is written. */
        public void closeAfter() {
            closeAfter = true;
        }

        public boolean closesAfter() {
            return closeAfter;
        }

        /** The connection ended, or was handed over, before this answer was written: let go of what it holds. */
        protected void discarded() {
        }
    }

    /** What a protocol does to an answer just before it is written, e.g. set HTTP's Connection header. */
    public interface BeforeWrite<E, A> {
        void prepare(E owed, A answer);
    }

    /** Told whether the connection reads; a protocol with its own buffered input pauses it too. */
    public interface ReadingListener {
        void reading(boolean reading);
    }

    private final ChannelHandlerContext ctx;
    private final int maxOwed;
    private final BeforeWrite<E, A> beforeWrite;
    private final ReadingListener readingListener;
    private final ArrayDeque<E> owed = new ArrayDeque<>();
    private boolean oneAtATime;
    /** writeReady is on the stack: an answer made ready meanwhile is written by that loop. */
    private boolean writing;
    /** The connection was handed over to a handler that writes on its own (an event stream). */
    private boolean handedOver;
    private boolean inBurst;
    private boolean flushAtBurstEnd;
    /** No more requests are taken: answer what is owed, then close. */
    private boolean closing;
    /** The connection is gone, or its last answer is written: nothing more goes out. */
    private boolean done;

    public OrderedAnswers(ChannelHandlerContext ctx, int maxOwed, BeforeWrite<E, A> beforeWrite,
                          ReadingListener readingListener) {
        this.ctx = ctx;
        this.maxOwed = maxOwed;
        this.beforeWrite = beforeWrite;
        this.readingListener = readingListener;
    }

    /** Each request's handling waits until every earlier answer is written ({@link #start}). Before the first request. */
    public OrderedAnswers<E, A> oneAtATime() {
        this.oneAtATime = true;
        return this;
    }

    /**
     * Runs the handling of an owed request: now, or one at a time once every earlier answer is
     * written. Skipped if the connection ends first.
     */
    public void start(E entry, Runnable handling) {
        if (!oneAtATime || owed.peekFirst() == entry) {
            handling.run();
        } else {
            entry.waitingStart = handling;
        }
    }

    /**
     * The entry's request turns the connection over to a handler that writes on its own, for good
     * (an event stream): nothing more is answered, read requests are dropped, idleness is its affair.
     * Every earlier answer must be written (one at a time).
     */
    public void handOver(E entry) {
        owed.remove(entry);
        entry.written = true;
        handedOver = true;
        done = true;
        discardOwed();
    }

    private void discardOwed() {
        for (E entry : owed) {
            if (entry.answer != null) {
                entry.answer.release();
                entry.answer = null;
            }
            entry.waitingStart = null;
            entry.discarded();
        }
        owed.clear();
    }

    public boolean isHandedOver() {
        return handedOver;
    }

    /** A request arrived: its answer is owed after every earlier one. */
    public E owe(E entry) {
        owed.addLast(entry);
        updateReading();
        return entry;
    }

    /** The answer is ready; it goes out once every earlier one has. Released if it never can. */
    public void ready(E entry, A answer) {
        if (done || entry.written || entry.answer != null) {
            answer.release();
            return;
        }
        entry.answer = answer;
        if (owed.peekFirst() == entry && !writing) {
            writeReady();
        }
    }

    /** Whether nothing more will be written (so a late answer need not even be built). */
    public boolean isDone() {
        return done;
    }

    public boolean isClosing() {
        return closing;
    }

    /** Takes no more requests; what is owed is still answered. */
    public void stopTaking() {
        closing = true;
        updateReading();
    }

    /** The idle timer fired: a connection that owes nothing is closed; while answers are owed the wait is ours. */
    public void idle() {
        if (owed.isEmpty() && !handedOver) {
            ctx.close();
        }
    }

    /** The client sent all it will: answer what is owed, then close. */
    public void inputShutdown() {
        E last = owed.peekLast();
        if (last == null) {
            ctx.close();
        } else {
            last.closeAfter();
        }
        stopTaking();
    }

    /** A read burst begins: answers ready during it are flushed at {@link #burstEnded()}. */
    public void burstStarted() {
        inBurst = true;
    }

    public void burstEnded() {
        inBurst = false;
        if (flushAtBurstEnd) {
            flushAtBurstEnd = false;
            ctx.flush();
        }
    }

    public void writabilityChanged() {
        updateReading();
    }

    /** The connection is gone: releases every answer still waiting. */
    public void inactive() {
        done = true;
        discardOwed();
    }

    /** Writes the answers at the head of the queue that are ready, in order. */
    private void writeReady() {
        boolean wrote = false;
        writing = true;
        try {
            E head;
            while ((head = owed.peekFirst()) != null) {
                if (head.answer == null) {
                    Runnable start = head.waitingStart;
                    if (start == null || done) {
                        break;
                    }
                    head.waitingStart = null;
                    start.run(); // its answer, if ready at once, is written by this loop
                    continue;
                }
                owed.pollFirst();
                A answer = head.answer;
                head.answer = null;
                head.written = true;
                beforeWrite.prepare(head, answer);
                if (head.closeAfter) {
                    ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
                    done = true;
                    return;
                }
                ctx.write(answer, ctx.voidPromise());
                wrote = true;
            }
        } finally {
            writing = false;
        }
        if (wrote) {
            if (inBurst) {
                flushAtBurstEnd = true;
            } else {
                ctx.flush();
            }
        }
        updateReading();
    }

    /** Reads only while the connection may take more requests and the client reads our answers. */
    private void updateReading() {
        Channel channel = ctx.channel();
        boolean wanted = !closing && owed.size() < maxOwed && channel.isWritable();
        if (channel.config().isAutoRead() != wanted) {
            channel.config().setAutoRead(wanted);
        }
        readingListener.reading(wanted);
    }
}
