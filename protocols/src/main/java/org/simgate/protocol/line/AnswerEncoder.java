package org.simgate.protocol.line;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.util.List;
import org.simgate.security.Challenge;

/**
 * Answers as bytes: {@code >ID:RESULT\n} per command in request order, then {@code @@\n}. APDUPlay
 * reads lines until one holds {@code @@} and requires the {@code >} and its own ID.
 *
 * <p>foxyproxy ends every command's line with {@code \n@@}; simgate ends the request once, as its
 * issue #6 specifies. For APDUPlay, which sends one command per request, the two are the same bytes.
 */
final class AnswerEncoder {
    static final String END = "@@\n";
    /** Where a request-level error has no command ID to echo. */
    static final String ERROR_ID = "ERR";

    private AnswerEncoder() {
    }

    static ByteBuf answer(ByteBufAllocator alloc, List<Command> commands, List<String> results) {
        int size = END.length();
        for (int i = 0; i < commands.size(); i++) {
            size += commands.get(i).id().length() * 3 + results.get(i).length() + 3;
        }
        ByteBuf out = alloc.buffer(size);
        for (int i = 0; i < commands.size(); i++) {
            out.writeByte('>');
            ByteBufUtil.writeUtf8(out, commands.get(i).id());
            out.writeByte(':');
            ByteBufUtil.writeAscii(out, results.get(i));
            out.writeByte('\n');
        }
        ByteBufUtil.writeAscii(out, END);
        return out;
    }

    /** {@code >AUTH:OK\n@@\n}: the AUTH line verified. */
    static ByteBuf authenticated(ByteBufAllocator alloc) {
        return ByteBufUtil.writeAscii(alloc, ">AUTH:OK\n" + END);
    }

    /** {@code >ERR:C085:authentication required\n@@\n}, the one answer whatever failed (a guesser learns nothing). */
    static ByteBuf unauthenticated(ByteBufAllocator alloc) {
        return ByteBufUtil.writeAscii(alloc, ">" + ERROR_ID + ":" + Challenge.LINE_ERROR + "\n" + END);
    }

    /** {@code >ERR:code:reason\n@@\n}, for a request that is refused as a whole. */
    static ByteBuf refusal(ByteBufAllocator alloc, ErrorCode error, String reason) {
        ByteBuf out = alloc.buffer(16 + reason.length() + END.length());
        out.writeByte('>');
        ByteBufUtil.writeAscii(out, ERROR_ID);
        out.writeByte(':');
        ByteBufUtil.writeAscii(out, error.code());
        out.writeByte(':');
        ByteBufUtil.writeAscii(out, reason);
        out.writeByte('\n');
        ByteBufUtil.writeAscii(out, END);
        return out;
    }
}
