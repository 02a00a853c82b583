package org.simgate.front;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.simgate.front.config.ListenerConfig;

/**
 * A front that is one TCP listener of its own config section ({@code simgate.line},
 * {@code simgate.management}): its exposure, bind, serve, address and close are the same for each
 * such front, so a subclass says only how it is limited, what each connection gets and how it
 * introduces itself in the log.
 *
 * @param <C> its config record
 */
public abstract class ListenerFront<C> implements FrontType<C> {
    private final String name;
    private final int order;
    private final String section;

    protected ListenerFront(String name, int order, String section) {
        this.name = name;
        this.order = order;
        this.section = section;
    }

    /** The listener part of the config: enabled, bind, port, tls. */
    protected abstract ListenerConfig listener(C config);

    /** The most connections the listener holds in all, and from one address. */
    protected abstract Listen.Limits limits(C config);

    /** What each accepted connection gets (behind TLS when the listener has it). */
    protected abstract ChannelInitializer<SocketChannel> protocol(C config, FrontContext context);

    /** Warns about a bind beyond loopback in the front's own terms (what it exposes, what to set). */
    protected abstract void warnIfExposed(C config, FrontContext context);

    /** Logs that it listens, at {@code address}. */
    protected abstract void logListening(C config, FrontContext context, String address);

    protected final String section() {
        return section;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int order() {
        return order;
    }

    @Override
    public final List<String> sections() {
        return List.of(section);
    }

    @Override
    public final Exposure exposure(C config) {
        ListenerConfig listener = listener(config);
        if (!listener.enabled()) {
            return Exposure.NONE;
        }
        return new Exposure(listener.isLoopback() ? List.of() : List.of(section),
                Map.of(section + ".max-connections", limits(config).maxConnections()), listener.tls());
    }

    @Override
    public final Front<C> open(C config, FrontContext context) {
        return listener(config).enabled() ? new Running(config, context) : Front.none();
    }

    private final class Running implements Front<C> {
        private final C config;
        private final FrontContext context;
        private BoundListener bound;

        Running(C config, FrontContext context) {
            this.config = config;
            this.context = context;
        }

        @Override
        public void start() throws IOException {
            ListenerConfig bind = listener(config);
            if (!bind.isLoopback()) {
                warnIfExposed(config, context);
            }
            bound = context.listen(new Listen(name, bind.bind(), bind.port(), bind.tls(), limits(config)));
            bound.serve(protocol(config, context));
            logListening(config, context, Listen.hostPort(bound.address()));
        }

        @Override
        public List<BoundAddress> addresses() {
            return bound == null ? List.of() : List.of(new BoundAddress(name, bound.address()));
        }

        @Override
        public void close() {
            if (bound != null) {
                bound.close();
            }
        }
    }
}
