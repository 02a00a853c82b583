package org.simgate.gateway.config;

import java.nio.file.Path;
import org.simgate.front.config.ConfigReader;

/**
 * {@code simgate.auc}: the home network's AuC for the simulated subscribers (every simcard slot's card,
 * and the subscriber file's). Its fronts have blocks of their own inside it ({@code hostapd}).
 *
 * @param sqnFile where the AuC reserves SQNs ahead (crash-safe); null keeps them in memory, and a
 *                restart then starts every subscriber from its first SQN again
 */
public record AucConfig(boolean enabled, Path sqnFile) {

    /** No AuC. */
    public static AucConfig off() {
        return new AucConfig(false, null);
    }

    static AucConfig from(ConfigReader c) {
        return new AucConfig(true, c.optionalPath("sqn-file"));
    }
}
