package org.simgate.protocol.auc;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.regex.Pattern;
import org.simgate.front.config.ConfigError;
import org.simgate.front.config.ConfigReader;

/**
 * {@code simgate.auc.hostapd}: the UNIX datagram socket hostapd's {@code eap_sim_db=unix:<path>} names.
 *
 * @param path a relative path is the working directory's
 * @param mode the socket file's permissions; sending a request takes write permission
 */
public record HostapdAucConfig(boolean enabled, Path path, Set<PosixFilePermission> mode) {
    /** sun_path holds 108 bytes on Linux, the terminating NUL included. */
    static final int MAX_PATH_BYTES = 107;
    private static final Pattern OCTAL_MODE = Pattern.compile("0?[0-7]{3}");
    private static final Set<PosixFilePermission> DEFAULT_MODE = PosixFilePermissions.fromString("rw-rw----");

    public HostapdAucConfig {
        mode = Set.copyOf(mode);
    }

    static HostapdAucConfig off() {
        return new HostapdAucConfig(false, null, DEFAULT_MODE);
    }

    /** From {@code simgate}: off unless {@code simgate.auc.hostapd} is there. */
    static HostapdAucConfig from(ConfigReader simgate) {
        if (!simgate.has("auc")) {
            return off();
        }
        ConfigReader auc = simgate.child("auc");
        if (!auc.has("hostapd")) {
            return off();
        }
        ConfigReader c = auc.child("hostapd");
        String text = c.string("path");
        if (text.isBlank()) {
            throw new ConfigError(c.path("path"), "must be a file path, e.g. \"/run/simgate/auc.sock\"");
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new ConfigError(c.path("path"), "must be at most " + MAX_PATH_BYTES
                    + " bytes long (the limit of a UNIX socket address)");
        }
        Set<PosixFilePermission> mode = DEFAULT_MODE;
        if (c.has("mode")) {
            // c.string also takes an unquoted mode = 660, which HOCON reads as a number: the same digits
            String m = c.string("mode");
            if (!OCTAL_MODE.matcher(m).matches()) {
                throw new ConfigError(c.path("mode"), "must be an octal file mode of permission bits, such as \"0660\"");
            }
            mode = PosixFilePermissions.fromString(symbolic(Integer.parseInt(m, 8)));
        }
        return new HostapdAucConfig(true, Path.of(text), mode);
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
