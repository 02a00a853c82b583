package org.simgate.protocol.line;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.simgate.protocol.ConnectionsByKey;
import org.simgate.security.Security;
import org.simgate.service.SimService;

/**
 * The line-protocol listener's pipeline (foxyproxy's TCP protocol, for telnet, scripts and
 * APDUPlay): connection limit, idle timer, {@link RequestDecoder} (parse), {@link LineHandler}
 * (act, via {@link RequestRunner}), {@link AnswerEncoder} (encode). One instance serves every
 * connection of a listener, and counts their connections per address. With a {@link Security} that
 * requires authentication, each connection gets a {@link LineGuard}: AUTH line or client
 * certificate first, then every command authorized, rate-limited (AKA) and audited.
 */
public final class LineInitializer extends ChannelInitializer<SocketChannel> {
    private final SimService service;
    private final LineSettings settings;
    private final ConnectionLimit connectionLimit;
    /** Null: no authentication, as before simgate.auth. */
    private final Security security;
    private final ConnectionsByKey connections;

    public LineInitializer(SimService service, LineSettings settings) {
        this(service, settings, null, null);
    }

    /**
     * @param security    with {@code required}: every connection authenticates (AUTH line or client
     *                    certificate) before its first request, and each command is authorized; null: none
     * @param connections where connections are listed by the key they authenticated with, so that
     *                    revoking the key closes them (needed with security)
     */
    public LineInitializer(SimService service, LineSettings settings, Security security,
                           ConnectionsByKey connections) {
        this.service = Objects.requireNonNull(service, "service");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.connectionLimit = new ConnectionLimit(settings.maxConnectionsPerAddress());
        this.security = security != null && security.required() ? security : null;
        this.connections = this.security == null ? null : Objects.requireNonNull(connections, "connections");
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        configure(channel.pipeline());
    }

    /** Builds the pipeline; separate from initChannel so tests can use an EmbeddedChannel. */
    void configure(ChannelPipeline pipeline) {
        // `printf '>*|\n>1:ENUM|\n' | nc` shuts its side after the request and still gets the answer
        pipeline.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        pipeline.addLast("limit", connectionLimit);
        // before the decoder: any byte from the client counts as activity, not only whole requests
        pipeline.addLast("idle", new IdleStateHandler(settings.idleTimeout().toNanos(), 0, 0, TimeUnit.NANOSECONDS));
        LineGuard guard = security == null ? null : new LineGuard(security, connections, pipeline.channel());
        RequestDecoder decoder = new RequestDecoder(settings.maxLineBytes(), settings.maxCommands(), guard != null);
        pipeline.addLast("decoder", decoder);
        pipeline.addLast("line", new LineHandler(new RequestRunner(service, guard), decoder,
                settings.maxPipelined(), guard));
    }
}
