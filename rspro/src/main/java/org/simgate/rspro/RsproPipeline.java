package org.simgate.rspro;

import io.netty.channel.ChannelPipeline;

import org.simgate.rspro.ipa.IpaFrameDecoder;
import org.simgate.rspro.ipa.IpaFrameEncoder;
import org.simgate.rspro.ipa.IpaKeepalive;
import org.simgate.rspro.ipa.KeepaliveTimers;

/**
 * The handlers every RSPRO connection needs, in order: IPA framing, keepalive, PDU codec. After them the
 * application's handler reads and writes {@link RsproPdu}s.
 */
public final class RsproPipeline {
    private RsproPipeline() {
    }

    /**
     * @param answerIdAck true on the server side of a link (osmo-remsim-server answers ID_ACK with ID_ACK)
     */
    public static void addTo(ChannelPipeline pipeline, KeepaliveTimers timers, boolean answerIdAck) {
        pipeline.addLast("ipa-decoder", new IpaFrameDecoder());
        pipeline.addLast("ipa-encoder", IpaFrameEncoder.INSTANCE);
        pipeline.addLast("ipa-keepalive", new IpaKeepalive(timers, answerIdAck));
        pipeline.addLast("rspro-codec", RsproPduCodec.INSTANCE);
    }
}
