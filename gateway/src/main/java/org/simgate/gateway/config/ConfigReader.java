package org.simgate.gateway.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads one config object under a known path prefix, turning every problem into a
 * {@link ConfigError} that names the full key (Typesafe Config's own messages name the file and
 * line, not always the key as the user wrote it, and may quote values).
 */
final class ConfigReader {
    private final Config config;
    private final String prefix;

    ConfigReader(Config config, String prefix) {
        this.config = config;
        this.prefix = prefix;
    }

    String path(String key) {
        return prefix + "." + key;
    }

    boolean has(String key) {
        return config.hasPath(key);
    }

    /** Whether the key holds an object ({@code tls { … }}) rather than a plain value ({@code tls = true}). */
    boolean isObject(String key) {
        return config.hasPath(key) && config.getValue(key).valueType() == com.typesafe.config.ConfigValueType.OBJECT;
    }

    ConfigReader child(String key) {
        try {
            return new ConfigReader(config.getConfig(key), path(key));
        } catch (ConfigException.Missing e) {
            throw new ConfigError(path(key), "missing");
        } catch (ConfigException.WrongType e) {
            throw new ConfigError(path(key), "must be an object { … }");
        }
    }

    /** A list of objects, each read under {@code key[i]}; empty when the key is absent. */
    List<ConfigReader> objectList(String key) {
        if (!config.hasPath(key)) {
            return List.of();
        }
        List<? extends Config> objects;
        try {
            objects = config.getConfigList(key);
        } catch (ConfigException.WrongType e) {
            throw new ConfigError(path(key), "must be a list of objects [ { … } ]");
        }
        List<ConfigReader> readers = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            readers.add(new ConfigReader(objects.get(i), path(key) + "[" + i + "]"));
        }
        return readers;
    }

    String string(String key) {
        try {
            return config.getString(key);
        } catch (ConfigException.Missing e) {
            throw new ConfigError(path(key), "missing");
        } catch (ConfigException.WrongType e) {
            throw new ConfigError(path(key), "must be a string");
        }
    }

    String optionalString(String key) {
        return config.hasPath(key) ? string(key) : null;
    }

    List<String> stringList(String key) {
        if (!config.hasPath(key)) {
            return List.of();
        }
        try {
            return List.copyOf(config.getStringList(key));
        } catch (ConfigException.WrongType e) {
            throw new ConfigError(path(key), "must be a list of strings");
        }
    }

    int integer(String key, int min, int max) {
        int value;
        try {
            value = config.getInt(key);
        } catch (ConfigException.Missing e) {
            throw new ConfigError(path(key), "missing");
        } catch (ConfigException.WrongType e) {
            throw new ConfigError(path(key), "must be a whole number");
        }
        if (value < min || value > max) {
            throw new ConfigError(path(key), "must be between " + min + " and " + max);
        }
        return value;
    }

    boolean bool(String key) {
        try {
            return config.getBoolean(key);
        } catch (ConfigException.Missing e) {
            throw new ConfigError(path(key), "missing");
        } catch (ConfigException.WrongType e) {
            throw new ConfigError(path(key), "must be true or false");
        }
    }

    Duration duration(String key) {
        try {
            Duration value = config.getDuration(key);
            if (value.isNegative() || value.isZero()) {
                throw new ConfigError(path(key), "must be a positive duration");
            }
            return value;
        } catch (ConfigException.Missing e) {
            throw new ConfigError(path(key), "missing");
        } catch (ConfigException.BadValue | ConfigException.WrongType e) {
            throw new ConfigError(path(key), "must be a duration such as 500ms or 10s");
        }
    }

    int bytes(String key, int min, int max) {
        long value;
        try {
            value = config.getBytes(key);
        } catch (ConfigException.Missing e) {
            throw new ConfigError(path(key), "missing");
        } catch (ConfigException.BadValue | ConfigException.WrongType e) {
            throw new ConfigError(path(key), "must be a size such as 8k or 8192");
        }
        if (value < min || value > max) {
            throw new ConfigError(path(key), "must be between " + min + " and " + max + " bytes");
        }
        return (int) value;
    }

    Path optionalPath(String key) {
        String value = optionalString(key);
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    /** A hex value of exactly {@code length} bytes; the message never quotes it (it may be a key). */
    byte[] hex(String key, int length) {
        String value = string(key).replace(" ", "");
        if (value.length() != length * 2) {
            throw new ConfigError(path(key), "must be " + length * 2 + " hex characters (" + length + " bytes)");
        }
        try {
            return HexFormat.of().parseHex(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigError(path(key), "must be hex (0-9, a-f)");
        }
    }

    String digits(String key, int minLength, int maxLength) {
        String value = string(key);
        // ASCII only: Character.isDigit also takes e.g. Arabic-Indic digits, which no BCD field can hold
        if (value.length() < minLength || value.length() > maxLength
                || !value.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw new ConfigError(path(key), "must be " + minLength
                    + (minLength == maxLength ? "" : " to " + maxLength) + " decimal digits");
        }
        return value;
    }
}
