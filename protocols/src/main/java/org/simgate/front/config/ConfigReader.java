package org.simgate.front.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one config object under a known path prefix, turning every problem into a
 * {@link ConfigError} that names the full key (Typesafe Config's own messages name the file and
 * line, not always the key as the user wrote it, and may quote values). Every key it is asked for
 * goes into the {@link KeyLedger}: what no reader asked for is an unknown key.
 *
 * <p>A slot's reader reads its entry merged over {@code simgate.slot-defaults}: a key the entry
 * does not set is named, in errors, where it was set ({@code simgate.slot-defaults.operation-timeout}).
 */
public final class ConfigReader {
    private final Config config;
    private final String prefix;
    private final KeyLedger ledger;
    /** The object's own keys, without the defaults merged under them; null when it has no defaults. */
    private final Config own;
    /** Where the defaults merged under {@link #own} come from; null when it has none. */
    private final String defaultsPrefix;

    public ConfigReader(Config config, String prefix, KeyLedger ledger) {
        this(config, prefix, ledger, null, null);
    }

    private ConfigReader(Config config, String prefix, KeyLedger ledger, Config own, String defaultsPrefix) {
        this.config = config;
        this.prefix = prefix;
        this.ledger = ledger;
        this.own = own;
        this.defaultsPrefix = defaultsPrefix;
    }

    /** {@code own} (at {@code prefix}) merged over {@code defaults} (at {@code defaultsPrefix}). */
    public static ConfigReader withDefaults(Config own, String prefix, Config defaults, String defaultsPrefix,
                                     KeyLedger ledger) {
        return new ConfigReader(own.withFallback(defaults), prefix, ledger, own, defaultsPrefix);
    }

    /** This object merged over {@code defaults}: a slot entry over {@code simgate.slot-defaults}. */
    public ConfigReader over(ConfigReader defaults) {
        return withDefaults(config, prefix, defaults.config, defaults.prefix, ledger);
    }

    /** Where the key's value comes from: this object, or the defaults merged under it. */
    public String path(String key) {
        if (defaultsPrefix != null) {
            String name = key.contains("[") ? key.substring(0, key.indexOf('[')) : key;
            if (!own.hasPath(name) && config.hasPath(name)) {
                return defaultsPrefix + "." + key;
            }
        }
        return prefix + "." + key;
    }

    private void read(String key) {
        ledger.value(prefix + "." + key);
        if (defaultsPrefix != null) {
            ledger.value(defaultsPrefix + "." + key);
        }
    }

    public boolean has(String key) {
        read(key);
        return config.hasPath(key);
    }

    /** Whether the key holds an object ({@code tls { … }}) rather than a plain value ({@code tls = true}). */
    public boolean isObject(String key) {
        read(key);
        return config.hasPath(key) && config.getValue(key).valueType() == ConfigValueType.OBJECT;
    }

    public ConfigReader child(String key) {
        ledger.object(prefix + "." + key);
        if (defaultsPrefix != null) {
            ledger.object(defaultsPrefix + "." + key);
        }
        String where = path(key);
        Config inner;
        try {
            inner = config.getConfig(key);
        } catch (ConfigException.Missing e) {
            throw missing(key, "missing");
        } catch (ConfigException.WrongType e) {
            throw new ConfigError(where, "must be an object { … }");
        }
        if (defaultsPrefix == null) {
            return new ConfigReader(inner, prefix + "." + key, ledger);
        }
        Config ownInner = own.hasPath(key) && own.getValue(key).valueType() == ConfigValueType.OBJECT
                ? own.getConfig(key) : ConfigFactory.empty();
        return new ConfigReader(inner, prefix + "." + key, ledger, ownInner, defaultsPrefix + "." + key);
    }

    /**
     * "missing", and when the object holds a key nothing has read that is one slip of the keyboard
     * away ({@code imsii} for {@code imsi}), that key: a missing key is often a misspelt one.
     */
    public ConfigError missing(String key, String problem) {
        Set<String> unread = new TreeSet<>();
        for (String present : config.root().keySet()) {
            if (!ledger.isRead(prefix + "." + present)) {
                unread.add(present);
            }
        }
        String typed = Spelling.closest(key, unread);
        return new ConfigError(prefix + "." + key, typed == null ? problem
                : problem + " (is " + prefix + "." + typed + " a misspelling of it?)");
    }

    /** A list of objects, each read under {@code key[i]}; empty when the key is absent. */
    public List<ConfigReader> objectList(String key) {
        return objectList(key, "must be a list of objects [ { … } ]");
    }

    /** As {@link #objectList(String)}; {@code wrongType} says what the key must be when it is no such list. */
    public List<ConfigReader> objectList(String key, String wrongType) {
        ledger.list(prefix + "." + key);
        if (!config.hasPath(key)) {
            return List.of();
        }
        List<? extends Config> objects;
        try {
            objects = config.getConfigList(key);
        } catch (ConfigException.WrongType e) {
            throw new ConfigError(path(key), wrongType);
        }
        List<ConfigReader> readers = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            readers.add(new ConfigReader(objects.get(i), path(key) + "[" + i + "]", ledger));
        }
        return readers;
    }

    public String string(String key) {
        read(key);
        try {
            return config.getString(key);
        } catch (ConfigException.Missing e) {
            throw missing(key, "missing");
        } catch (ConfigException.WrongType e) {
            throw new ConfigError(path(key), "must be a string");
        }
    }

    public String optionalString(String key) {
        return has(key) ? string(key) : null;
    }

    public List<String> stringList(String key) {
        if (!has(key)) {
            return List.of();
        }
        try {
            return List.copyOf(config.getStringList(key));
        } catch (ConfigException.WrongType e) {
            throw new ConfigError(path(key), "must be a list of strings");
        }
    }

    public int integer(String key, int min, int max) {
        read(key);
        int value;
        try {
            value = config.getInt(key);
        } catch (ConfigException.Missing e) {
            throw missing(key, "missing");
        } catch (ConfigException.WrongType e) {
            throw new ConfigError(path(key), "must be a whole number");
        }
        if (value < min || value > max) {
            throw new ConfigError(path(key), "must be between " + min + " and " + max);
        }
        return value;
    }

    public boolean bool(String key) {
        read(key);
        try {
            return config.getBoolean(key);
        } catch (ConfigException.Missing e) {
            throw missing(key, "missing");
        } catch (ConfigException.WrongType e) {
            throw new ConfigError(path(key), "must be true or false");
        }
    }

    public Duration duration(String key) {
        read(key);
        try {
            Duration value = config.getDuration(key);
            if (value.isNegative() || value.isZero()) {
                throw new ConfigError(path(key), "must be a positive duration");
            }
            return value;
        } catch (ConfigException.Missing e) {
            throw missing(key, "missing");
        } catch (ConfigException.BadValue | ConfigException.WrongType e) {
            throw new ConfigError(path(key), "must be a duration such as 500ms or 10s");
        }
    }

    public int bytes(String key, int min, int max) {
        read(key);
        long value;
        try {
            value = config.getBytes(key);
        } catch (ConfigException.Missing e) {
            throw missing(key, "missing");
        } catch (ConfigException.BadValue | ConfigException.WrongType e) {
            throw new ConfigError(path(key), "must be a size such as 8k or 8192");
        }
        if (value < min || value > max) {
            throw new ConfigError(path(key), "must be between " + min + " and " + max + " bytes");
        }
        return (int) value;
    }

    public Path optionalPath(String key) {
        String value = optionalString(key);
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    /** A hex value of exactly {@code length} bytes; the message never quotes it (it may be a key). */
    public byte[] hex(String key, int length) {
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

    public String digits(String key, int minLength, int maxLength) {
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
