package org.simgate.gateway.config;

/** For tests about what a config error says: its message without the {@code file:line: } it starts with. */
final class ConfigMessages {
    private ConfigMessages() {
    }

    static String withoutLocation(ConfigError e) {
        return e.getMessage().replaceFirst("^\\S+\\.conf:\\d+: ", "");
    }
}
