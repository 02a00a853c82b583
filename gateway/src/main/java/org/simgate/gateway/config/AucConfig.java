package org.simgate.gateway.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code simgate.auc}: the home network's AuC for the simulated subscribers (the subscriber file's and
 * every simcard slot's), and hostapd's external AuC socket.
 *
 * @param sqnFile     where the AuC reserves SQNs ahead (crash-safe); null keeps them in memory, and a
 *                    restart then starts every subscriber from its first SQN again
 * @param hostapdPath the UNIX datagram socket hostapd's {@code eap_sim_db=unix:<path>} names; null: none
 * @param hostapdMode its file mode (sending a datagram to it takes write permission)
 */
public record AucConfig(boolean enabled, Path sqnFile, Path hostapdPath, Set<PosixFilePermission> hostapdMode) {
    private static final Pattern OCTAL_MODE = Pattern.compile("0?[0-7]{3}");

    public AucConfig {
        hostapdMode = Set.copyOf(hostapdMode);
    }

    /** No AuC. */
    public static AucConfig off() {
        return new AucConfig(false, null, null, PosixFilePermissions.fromString("rw-rw----"));
    }

    static AucConfig from(ConfigReader c) {
        Path sqnFile = c.optionalPath("sqn-file");
        Path path = null;
        Set<PosixFilePermission> mode = PosixFilePermissions.fromString("rw-rw----");
        if (c.has("hostapd")) {
            ConfigReader h = c.child("hostapd");
            String text = h.string("path");
            if (text.isBlank()) {
                throw new ConfigError(h.path("path"), "must be a file path, e.g. \"/run/simgate/auc.sock\"");
            }
            if (text.getBytes(StandardCharsets.UTF_8).length > UnixConfig.MAX_PATH_BYTES) {
                throw new ConfigError(h.path("path"), "must be at most " + UnixConfig.MAX_PATH_BYTES
                        + " bytes long (the limit of a UNIX socket address)");
            }
            path = Path.of(text);
            if (h.has("mode")) {
                String m = h.string("mode");
                if (!OCTAL_MODE.matcher(m).matches()) {
                    throw new ConfigError(h.path("mode"), "must be an octal file mode such as \"0660\"");
                }
                mode = PosixFilePermissions.fromString(symbolic(Integer.parseInt(m, 8)));
            }
        }
        return new AucConfig(true, sqnFile, path, mode);
    }

    private static String symbolic(int bits) {
        StringBuilder s = new StringBuilder(9);
        for (int shift = 6; shift >= 0; shift -= 3) {
            int triple = bits >> shift & 7;
            s.append((triple & 4) != 0 ? 'r' : '-').append((triple & 2) != 0 ? 'w' : '-')
                    .append((triple & 1) != 0 ? 'x' : '-');
        }
        return s.toString();
    }
}
