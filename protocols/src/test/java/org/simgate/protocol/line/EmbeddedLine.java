package org.simgate.protocol.line;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.nio.charset.StandardCharsets;

/** The line pipeline on an EmbeddedChannel, fed raw bytes; what it writes back read as text. */
final class EmbeddedLine {
    final EmbeddedChannel channel = new EmbeddedChannel();

    EmbeddedLine(FakeCards cards) {
        this(cards, LineSettings.DEFAULTS);
    }

    EmbeddedLine(FakeCards cards, LineSettings settings) {
        this(new LineInitializer(cards, settings));
    }

    EmbeddedLine(LineInitializer initializer) {
        channel.freezeTime();
        initializer.configure(channel.pipeline());
    }

    /** Sends the text (UTF-8) as one TCP segment, then runs what the event loop has queued. */
    EmbeddedLine send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    EmbeddedLine send(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        channel.runPendingTasks();
        return this;
    }

    /** Sends the text one byte per segment. */
    EmbeddedLine sendByteByByte(String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            send(new byte[] {b});
        }
        return this;
    }

    /** The client shuts its sending side (half-close), as {@code printf … | nc -N} does. */
    EmbeddedLine endInput() {
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        channel.runPendingTasks();
        return this;
    }

    /** Runs the event loop's queued tasks (answers coming back from slot threads). */
    EmbeddedLine runTasks() {
        channel.runPendingTasks();
        return this;
    }

    /** Everything written to the client since the last call, as text. */
    String output() {
        channel.runPendingTasks();
        StringBuilder text = new StringBuilder();
        Object msg;
        while ((msg = channel.readOutbound()) != null) {
            ByteBuf buf = (ByteBuf) msg;
            text.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return text.toString();
    }
}
