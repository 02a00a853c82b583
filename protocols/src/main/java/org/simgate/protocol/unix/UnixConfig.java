package org.simgate.protocol.unix;

import org.simgate.front.config.ConfigError;
import org.simgate.front.config.ConfigReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code simgate.unix}: every REST API on a UNIX domain socket (NekoIMS, neko-strongswan's
 * eap-aka-http), whose file mode decides who connects.
 *
 * @param path a relative path is the working directory's, as {@code var/tls} is
 * @param mode the socket file's permissions; connecting takes write permission
 */
public record UnixConfig(boolean enabled, Path path, Set<PosixFilePermission> mode) {
    /** sun_path holds 108 bytes on Linux, the terminating NUL included (104 on the BSDs). */
    public static final int MAX_PATH_BYTES = 107;
    private static final Pattern OCTAL_MODE = Pattern.compile("0?[0-7]{3}");

    public UnixConfig {
        mode = Set.copyOf(mode);
    }

    public static UnixConfig from(ConfigReader c) {
        String path = c.string("path");
        if (path.isBlank()) {
            throw new ConfigError(c.path("path"), "must be a file path, e.g. \"var/simcard.sock\"");
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new ConfigError(c.path("path"), "must be at most " + MAX_PATH_BYTES
                    + " bytes long (the limit of a UNIX socket address)");
        }
        return new UnixConfig(c.bool("enabled"), Path.of(path), mode(c));
    }

    /** What a config without a {@code simgate.unix} section means. */
    public static UnixConfig off() {
        return new UnixConfig(false, Path.of("var/simcard.sock"), PosixFilePermissions.fromString("rw-rw----"));
    }

    /** The mode as {@code ls -l} shows it, e.g. {@code rw-rw----}. */
    public String modeText() {
        return PosixFilePermissions.toString(mode);
    }

    /** Whether any local user may connect, not only the owner and the group. */
    public boolean othersConnect() {
        return mode.contains(PosixFilePermission.OTHERS_WRITE);
    }

    private static Set<PosixFilePermission> mode(ConfigReader c) {
        // c.string also takes an unquoted mode = 660, which HOCON reads as a number: the same digits
        String text = c.string("mode");
        if (!OCTAL_MODE.matcher(text).matches()) {
            throw new ConfigError(c.path("mode"), "must be an octal file mode of permission bits, such as \"0660\"");
        }
        int bits = Integer.parseInt(text, 8);
        StringBuilder symbolic = new StringBuilder(9);
        for (int shift = 6; shift >= 0; shift -= 3) {
            int triple = bits >> shift & 7;
            symbolic.append((triple & 4) != 0 ? 'r' : '-').append((triple & 2) != 0 ? 'w' : '-')
                    .append((triple & 1) != 0 ? 'x' : '-');
        }
        return PosixFilePermissions.fromString(symbolic.toString());
    }
}
