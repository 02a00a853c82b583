package org.simgate.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import org.simgate.front.config.ConfigError;
import org.simgate.front.config.ConfigReader;
import org.simgate.subscriber.SubscriberFile;
import org.simgate.subscriber.SubscriberFileError;
import org.simgate.subscriber.Subscribers;

/**
 * {@code simgate.subscribers}: simulated subscribers from a CSV file ({@link SubscriberFile}), each a
 * software USIM/ISIM addressed by IMSI, all sharing a few threads and one SQN journal.
 *
 * @param file        the subscriber file; a relative path is the working directory's, as {@code var/} is
 * @param subscribers what the file holds, read when the config is (so {@code --check-config} and a
 *                    reload see its errors, {@code file:line: column: problem})
 * @param stateFile   the SQN journal of every subscriber's card
 * @param mncLength   the MNC length of rows that set none (2 or 3)
 * @param allowApdu   raw APDU access to the cards (line protocol APDU, RESET)
 * @param queueSize   requests waiting per card; beyond it: busy
 * @param operationTimeout one card transaction, its SQN's write to the journal included
 */
public record SubscribersConfig(Path file, Subscribers subscribers, Path stateFile, int mncLength, boolean allowApdu,
                                int queueSize, Duration operationTimeout) {

    static SubscribersConfig from(ConfigReader c) {
        String file = c.string("file");
        if (file.isBlank()) {
            throw new ConfigError(c.path("file"), "must be a file path, e.g. \"subscribers.csv\"");
        }
        int mncLength = c.has("mnc-length") ? c.integer("mnc-length", 2, 3) : 2;
        Path stateFile = c.has("state-file") ? c.optionalPath("state-file") : Path.of("var/subscribers.sqn");
        if (stateFile == null) {
            throw new ConfigError(c.path("state-file"), "must be a file path: the cards' SQN memory must survive a "
                    + "restart, or they accept replayed challenges");
        }
        boolean allowApdu = c.has("allow-apdu") && c.bool("allow-apdu");
        int queueSize = c.has("queue-size") ? c.integer("queue-size", 1, 100_000) : 16;
        Duration timeout = c.has("operation-timeout") ? c.duration("operation-timeout") : Duration.ofSeconds(10);
        Subscribers subscribers;
        try {
            subscribers = SubscriberFile.read(Path.of(file), mncLength);
        } catch (SubscriberFileError e) {
            // file:line: column: problem, as the config's own errors read (no key: the line says where)
            throw new ConfigError(e.getMessage());
        }
        return new SubscribersConfig(Path.of(file), subscribers, stateFile, mncLength, allowApdu, queueSize, timeout);
    }

    /** What a config without {@code simgate.subscribers} means: none. */
    public static SubscribersConfig none() {
        return new SubscribersConfig(null, Subscribers.none(), null, 2, false, 16, Duration.ofSeconds(10));
    }

    /** Whether any subscriber is configured. */
    public boolean enabled() {
        return file != null;
    }

    @Override
    public String toString() {
        return "SubscribersConfig[file=" + file + ", " + subscribers + ", stateFile=" + stateFile + ", mncLength="
                + mncLength + ", allowApdu=" + allowApdu + ", queueSize=" + queueSize + ", operationTimeout="
                + operationTimeout + "]";
    }
}
