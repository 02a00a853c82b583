package org.simgate.protocol.line;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Bytes to {@link Request}s: splits lines at LF (a CR before it is dropped with the rest of the
 * line's surrounding whitespace), so lines split across TCP segments, several requests in one
 * segment, LF and CRLF all read the same. Lines are UTF-8, like the reader names they carry.
 *
 * <p>It hands over one request at a time and can be paused: while the handler has its limit of
 * answers owed, what the client sent ahead stays here as bytes (at most one read's worth, as the
 * handler also stops reading), not as parsed requests. A line longer than the limit cannot be
 * framed safely; it is answered once and everything after it is dropped until the handler closes.
 */
final class RequestDecoder extends ByteToMessageDecoder {
    private final int maxLineBytes;
    private final RequestParser parser;
    private ChannelHandlerContext ctx;
    private boolean paused;
    private boolean resumeScheduled;
    /** A line was too long, or was HTTP: nothing after it is read as requests. */
    private boolean broken;

    RequestDecoder(int maxLineBytes, int maxCommands) {
        this(maxLineBytes, maxCommands, false);
    }

    RequestDecoder(int maxLineBytes, int maxCommands, boolean authLines) {
        this.maxLineBytes = maxLineBytes;
        this.parser = new RequestParser(maxCommands, authLines);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        super.handlerAdded(ctx);
    }

    /** Stops handing over requests; bytes keep arriving only until the handler's autoRead stops them. */
    void pause() {
        paused = true;
    }

    /** Hands over what arrived while paused, from a fresh event-loop task (never re-entering a decode). */
    void resume() {
        if (!paused) {
            return;
        }
        paused = false;
        if (!resumeScheduled) {
            resumeScheduled = true;
            ctx.executor().execute(this::decodeBuffered);
        }
    }

    private void decodeBuffered() {
        resumeScheduled = false;
        if (paused || ctx.isRemoved() || !ctx.channel().isActive()) {
            return;
        }
        try {
            channelRead(ctx, Unpooled.EMPTY_BUFFER);
            channelReadComplete(ctx);
        } catch (Exception e) {
            ctx.fireExceptionCaught(e);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!paused) {
            decodeOne(in, out);
        }
    }

    /** The client's input ended (or the connection did): the rest is finite, so all of it is read. */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!ctx.channel().isActive()) {
            in.skipBytes(in.readableBytes()); // closed, not half-closed: no one to answer
            return;
        }
        int readable;
        do {
            readable = in.readableBytes();
            decodeOne(in, out);
        } while (in.isReadable() && in.readableBytes() < readable);
        if (broken) {
            return;
        }
        if (in.isReadable()) {
            // a last line without its line end
            Request request = parser.line(in.readCharSequence(in.readableBytes(), StandardCharsets.UTF_8).toString());
            if (request != null) {
                out.add(request);
            }
            if (request instanceof Request.Http) {
                return;
            }
        }
        Request last = parser.end();
        if (last != null) {
            out.add(last);
        }
    }

    /** Reads lines until one completes a request; emits at most one, so the handler can pause in between. */
    private void decodeOne(ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (broken) {
                in.skipBytes(in.readableBytes());
                return;
            }
            int start = in.readerIndex();
            int lf = in.indexOf(start, in.writerIndex(), (byte) '\n');
            if (lf < 0) {
                // +1: the CR of a CRLF may already be here
                if (in.readableBytes() > maxLineBytes + 1) {
                    tooLong(in, out);
                }
                return;
            }
            int length = lf - start;
            int content = length > 0 && in.getByte(lf - 1) == '\r' ? length - 1 : length;
            if (content > maxLineBytes) {
                tooLong(in, out);
                return;
            }
            String line = in.toString(start, content, StandardCharsets.UTF_8);
            in.readerIndex(lf + 1);
            Request request = parser.line(line);
            if (request instanceof Request.Http) {
                broken = true; // a browser's request: its body must never be read as requests
                in.skipBytes(in.readableBytes());
            }
            if (request != null) {
                out.add(request);
                return;
            }
        }
    }

    private void tooLong(ByteBuf in, List<Object> out) {
        broken = true;
        in.skipBytes(in.readableBytes());
        out.add(new Request.Unreadable(ErrorCode.WRONG_DATA, "line longer than " + maxLineBytes + " bytes", true));
    }
}
