package org.simgate.gateway.config;

import org.simgate.front.config.ConfigError;

/** For tests about what a config error says: its message without the {@code file:line: } it starts with. */
final class ConfigMessages {
    private ConfigMessages() {
    }

    static String withoutLocation(ConfigError e) {
        return e.getMessage().replaceFirst("^\\S+\\.conf:\\d+: ", "");
    }
}
