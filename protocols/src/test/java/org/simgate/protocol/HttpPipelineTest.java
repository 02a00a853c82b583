package org.simgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every HTTP front gets its stages in the one order; a front only leaves optional ones out. */
class HttpPipelineTest {

    private static List<String> names(EmbeddedChannel channel) {
        return channel.pipeline().names().stream().filter(name -> !name.startsWith("DefaultChannelPipeline")).toList();
    }

    @Test
    void theStagesComeInOneFixedOrder() {
        EmbeddedChannel channel = new EmbeddedChannel();
        new HttpPipeline("simgate.http")
                .refusingCrossSite(uri -> false, () -> { })
                .answeringOnly(AllowedHosts.forListener("simgate.http", true, List.of()))
                .deadlines(Duration.ofSeconds(5), () -> { }, Duration.ofSeconds(60))
                .build(channel.pipeline(), new ChannelInboundHandlerAdapter(), "front", new ChannelInboundHandlerAdapter());
        assertEquals(List.of("deadline-bytes", "idle", "http", "deadline", "keep-alive", "host-check", "cross-site",
                "aggregator", "front"), names(channel));
    }

    @Test
    void optionalStagesAreLeftOutNotReordered() {
        EmbeddedChannel channel = new EmbeddedChannel();
        new HttpPipeline("simgate.management")
                .build(channel.pipeline(), new ChannelInboundHandlerAdapter(), "front", new ChannelInboundHandlerAdapter());
        assertEquals(List.of("deadline-bytes", "idle", "http", "deadline", "keep-alive", "aggregator", "front"),
                names(channel));
    }
}
