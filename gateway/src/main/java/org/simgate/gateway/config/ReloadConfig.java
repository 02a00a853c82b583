package org.simgate.gateway.config;

import org.simgate.front.config.ConfigReader;

/**
 * {@code simgate.reload}: how a running gateway takes a new config without a restart
 * (docs/operations.md). {@code POST /admin/v1/reload} and SIGHUP always work; with
 * {@code watch-file = true} a change of the file given with {@code -c} reloads too.
 */
public record ReloadConfig(boolean watchFile) {

    static ReloadConfig from(ConfigReader c) {
        return new ReloadConfig(c.bool("watch-file"));
    }

    /** What a config without a {@code simgate.reload} section means. */
    public static ReloadConfig defaults() {
        return new ReloadConfig(true);
    }
}
