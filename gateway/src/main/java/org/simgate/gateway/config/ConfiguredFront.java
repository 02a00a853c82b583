package org.simgate.gateway.config;

import java.io.IOException;
import java.util.List;
import org.simgate.front.Exposure;
import org.simgate.front.Front;
import org.simgate.front.FrontContext;
import org.simgate.front.FrontType;
import org.simgate.front.config.ConfigReader;
import org.simgate.front.config.ConfiguredSlots;

/** One front's type with the config record it bound: what the gateway loops over. */
public record ConfiguredFront<C>(FrontType<C> type, C config) {

    static <C> ConfiguredFront<C> read(FrontType<C> type, ConfigReader simgate, ConfiguredSlots slots) {
        return new ConfiguredFront<>(type, type.read(simgate, slots));
    }

    public String name() {
        return type.name();
    }

    public Exposure exposure() {
        return type.exposure(config);
    }

    public void check() {
        type.check(config);
    }

    /** The sections of this (running) front that {@code next}, the same front's next config, changes and only a restart applies. */
    public List<String> needsRestart(ConfiguredFront<?> next) {
        return type.needsRestart(config, sameType(next).config());
    }

    public Front<C> open(FrontContext context) throws IOException {
        return type.open(config, context);
    }

    /** {@code other}, which belongs to the same front type, typed as this. */
    @SuppressWarnings("unchecked")
    public ConfiguredFront<C> sameType(ConfiguredFront<?> other) {
        if (other.type() != type) {
            throw new IllegalArgumentException(other.name() + " is not " + name());
        }
        return (ConfiguredFront<C>) other;
    }
}
