package org.simgate.protocol.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    private static String write(String text) {
        ByteBuf buf = Unpooled.buffer();
        new JsonWriter(buf).string(text);
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void escapesWhatJsonRequiresAndKeepsTheRest() throws Exception {
        String text = "a\"b\\c\nd\re\tf\u0001g\u001fh/ü€😀";

        String json = write(text);

        assertEquals("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001fh/ü€😀\"", json);
        assertEquals(text, new ObjectMapper().readValue(json, String.class));
    }

    @Test
    void writesHexAndNulls() {
        ByteBuf buf = Unpooled.buffer();
        new JsonWriter(buf).hex(new byte[] {0x0a, (byte) 0xff}, false).raw(",").hex(new byte[] {0x0a, (byte) 0xff}, true)
                .raw(",").hex(null, true).raw(",").string(null).raw(",").number(-12).raw(",").bool(true);

        assertEquals("\"0aff\",\"0AFF\",null,null,-12,true", buf.toString(StandardCharsets.US_ASCII));
    }
}
