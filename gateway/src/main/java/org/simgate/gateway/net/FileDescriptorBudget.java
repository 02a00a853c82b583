package org.simgate.gateway.net;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.simgate.front.config.ConfigError;
import org.simgate.gateway.config.GatewayConfig;

/**
 * The listeners' connection limits must fit in the file descriptors the process may open
 * ({@code ulimit -n}, systemd's {@code LimitNOFILE}; the JVM raises its soft limit to the hard one),
 * with a reserve for what else the gateway opens (its jars and logs, event loops, state files,
 * pcscd's socket, modems, outgoing relays). Then no listener at its limit can take the descriptors
 * another listener, an established connection or a card needs; otherwise the start is refused.
 */
public final class FileDescriptorBudget {
    /** Descriptors kept for everything but accepted connections; a gateway on the defaults uses about 30. */
    public static final int RESERVE = 256;

    private FileDescriptorBudget() {
    }

    /** The process's limit on open files, if the platform tells. */
    public static OptionalLong processLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return OptionalLong.of(unix.getMaxFileDescriptorCount());
        }
        return OptionalLong.empty();
    }

    /** Refuses {@code config} when its listeners' limits and the reserve exceed {@link #processLimit()}. */
    public static void check(GatewayConfig config) {
        OptionalLong limit = processLimit();
        if (limit.isPresent()) {
            check(config, limit.getAsLong());
        }
    }

    static void check(GatewayConfig config, long processLimit) {
        Map<String, Integer> limits = listenerLimits(config);
        long total = RESERVE + limits.values().stream().mapToLong(Integer::longValue).sum();
        if (total <= processLimit) {
            return;
        }
        List<String> terms = new ArrayList<>();
        limits.forEach((key, value) -> terms.add(key + " " + value));
        throw new ConfigError("the listeners may hold " + (total - RESERVE) + " connections (" + String.join(" + ", terms)
                + ") plus " + RESERVE + " other open files, but this process may open only " + processLimit
                + " files (ulimit -n): lower those max-connections or raise the limit (systemd: LimitNOFILE)");
    }

    /** Each enabled listener's max-connections, by the key that sets it ({@link org.simgate.front.Exposure#connections()}). */
    static Map<String, Integer> listenerLimits(GatewayConfig config) {
        Map<String, Integer> limits = new LinkedHashMap<>();
        config.fronts().forEach(front -> limits.putAll(front.exposure().connections()));
        return limits;
    }
}
