package org.simgate.security.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.simgate.security.access.AccessPolicy;
import org.simgate.security.access.ClientAccess;
import org.simgate.security.access.Operation;
import org.simgate.security.access.RateLimit;

/**
 * {@code simgate.auth} (docs/security.md): whether requests must be signed, where the shared keys
 * are, the clock window, the nonce cache, who may do what, and the AKA rate limits. Every key is
 * optional; absent ones take the defaults below.
 *
 * @param required        true: every request must verify (false: signatures are not checked)
 * @param keysFile        the shared-key file; null: no shared keys (devices only)
 * @param keysReload      how often the key file is checked for changes
 * @param window          how far a request's created may be from the server clock, either way
 * @param nonceCacheSize  nonces remembered at most
 * @param akaRateLimit    the AKA limit of clients without their own; null: none
 * @param policy          per client: slots, operations, own AKA limit
 */
public record AuthConfig(boolean required, Path keysFile, Duration keysReload, Duration window, int nonceCacheSize,
                         RateLimit akaRateLimit, AccessPolicy policy) {
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(300);
    public static final Duration DEFAULT_KEYS_RELOAD = Duration.ofSeconds(2);
    public static final int DEFAULT_NONCE_CACHE_SIZE = 2_000_000;

    private static final String PREFIX = "simgate.auth";
    private static final Pattern CLIENT = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    /** No {@code simgate.auth} section: nothing required, no keys, no clients. */
    public static AuthConfig defaults() {
        return new AuthConfig(false, null, DEFAULT_KEYS_RELOAD, DEFAULT_WINDOW, DEFAULT_NONCE_CACHE_SIZE, null,
                new AccessPolicy(Map.of()));
    }

    /** Binds the whole configuration's {@code simgate.auth}, or the defaults when it is absent. */
    public static AuthConfig fromRoot(Config root) {
        if (!root.hasPath(PREFIX)) {
            return defaults();
        }
        try {
            return from(root.getConfig(PREFIX));
        } catch (ConfigException.WrongType e) {
            throw new AuthConfigError(PREFIX, "must be an object { … }");
        }
    }

    /** Binds the {@code simgate.auth} object itself. */
    public static AuthConfig from(Config auth) {
        boolean required = auth.hasPath("required") && bool(auth, "required");
        Path keysFile = auth.hasPath("keys-file") ? path(auth, "keys-file") : null;
        Duration keysReload = auth.hasPath("keys-reload")
                ? duration(auth, "keys-reload", Duration.ofMillis(100), Duration.ofHours(1)) : DEFAULT_KEYS_RELOAD;
        Duration window = auth.hasPath("window")
                ? duration(auth, "window", Duration.ofSeconds(1), Duration.ofHours(1)) : DEFAULT_WINDOW;
        int nonceCacheSize = auth.hasPath("nonce-cache-size")
                ? integer(auth, "nonce-cache-size", 1, 10_000_000) : DEFAULT_NONCE_CACHE_SIZE;
        RateLimit akaRateLimit = auth.hasPath("rate-limit") ? rateLimit(auth, "rate-limit", PREFIX) : null;
        return new AuthConfig(required, keysFile, keysReload, window, nonceCacheSize, akaRateLimit, policy(auth));
    }

    private static AccessPolicy policy(Config auth) {
        if (!auth.hasPath("clients")) {
            return new AccessPolicy(Map.of());
        }
        if (auth.getValue("clients").valueType() != ConfigValueType.OBJECT) {
            throw new AuthConfigError(PREFIX + ".clients", "must be an object { client-name { slots = …, operations = … } }");
        }
        Map<String, ClientAccess> clients = new HashMap<>();
        for (Map.Entry<String, ConfigValue> entry : auth.getObject("clients").entrySet()) {
            String name = entry.getKey();
            String path = PREFIX + ".clients." + name;
            if (!CLIENT.matcher(name).matches()) {
                throw new AuthConfigError(path, "client names are 1 to 64 of A-Z a-z 0-9 . _ @ -");
            }
            if (entry.getValue().valueType() != ConfigValueType.OBJECT) {
                throw new AuthConfigError(path, "must be an object { slots = …, operations = … }");
            }
            Config client = ((com.typesafe.config.ConfigObject) entry.getValue()).toConfig();
            RateLimit limit = client.hasPath("rate-limit") ? rateLimit(client, "rate-limit", path) : null;
            clients.put(name, new ClientAccess(slots(client, path), operations(client, path), limit));
        }
        return new AccessPolicy(clients);
    }

    /** {@code "*"} (or {@code ["*"]}): every slot, as null; else a list of slot ids. */
    private static Set<Integer> slots(Config client, String path) {
        String where = path + ".slots";
        if (!client.hasPath("slots")) {
            throw new AuthConfigError(where, "missing (a list of slot ids, or \"*\")");
        }
        ConfigValue value = client.getValue("slots");
        if (value.valueType() == ConfigValueType.STRING && "*".equals(value.unwrapped())) {
            return null;
        }
        if (value.valueType() != ConfigValueType.LIST) {
            throw new AuthConfigError(where, "must be a list of slot ids, or \"*\"");
        }
        List<?> items = (List<?>) value.unwrapped();
        if (items.size() == 1 && "*".equals(items.get(0))) {
            return null;
        }
        Set<Integer> slots = new HashSet<>();
        for (Object item : items) {
            if (!(item instanceof Integer id) || id < 0 || id > 65535) {
                throw new AuthConfigError(where, "must be a list of slot ids (0 to 65535), or \"*\"");
            }
            slots.add(id);
        }
        return slots;
    }

    private static Set<Operation> operations(Config client, String path) {
        String where = path + ".operations";
        String expected = "must be a list of aka, info, apdu, relay, admin, auc";
        if (!client.hasPath("operations")) {
            throw new AuthConfigError(where, "missing (" + expected.substring(8) + ")");
        }
        List<String> names;
        try {
            names = client.getStringList("operations");
        } catch (ConfigException.WrongType e) {
            throw new AuthConfigError(where, expected);
        }
        Set<Operation> operations = new LinkedHashSet<>();
        for (String name : names) {
            operations.add(Operation.named(name).orElseThrow(() -> new AuthConfigError(where, expected)));
        }
        return operations;
    }

    private static RateLimit rateLimit(Config config, String key, String parent) {
        String path = parent + "." + key;
        if (config.getValue(key).valueType() != ConfigValueType.OBJECT) {
            throw new AuthConfigError(path, "must be an object { per-second = …, burst = … }");
        }
        Config limit = config.getConfig(key);
        double perSecond;
        try {
            perSecond = limit.getDouble("per-second");
        } catch (ConfigException.Missing e) {
            throw new AuthConfigError(path + ".per-second", "missing");
        } catch (ConfigException.WrongType e) {
            throw new AuthConfigError(path + ".per-second", "must be a number");
        }
        if (!(perSecond >= 0.001 && perSecond <= 1_000_000)) {
            throw new AuthConfigError(path + ".per-second", "must be between 0.001 and 1000000");
        }
        int burst = limit.hasPath("burst")
                ? integer(limit, "burst", 1, 1_000_000, path + ".burst") : (int) Math.max(1, Math.ceil(perSecond));
        return new RateLimit(perSecond, burst);
    }

    private static boolean bool(Config c, String key) {
        try {
            return c.getBoolean(key);
        } catch (ConfigException.WrongType e) {
            throw new AuthConfigError(PREFIX + "." + key, "must be true or false");
        }
    }

    private static Path path(Config c, String key) {
        try {
            String value = c.getString(key);
            return value.isBlank() ? null : Path.of(value);
        } catch (ConfigException.WrongType e) {
            throw new AuthConfigError(PREFIX + "." + key, "must be a string");
        } catch (java.nio.file.InvalidPathException e) {
            throw new AuthConfigError(PREFIX + "." + key, "is not a valid path");
        }
    }

    private static Duration duration(Config c, String key, Duration min, Duration max) {
        Duration value;
        try {
            value = c.getDuration(key);
        } catch (ConfigException.BadValue | ConfigException.WrongType e) {
            throw new AuthConfigError(PREFIX + "." + key, "must be a duration such as 300s or 5m");
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new AuthConfigError(PREFIX + "." + key, "must be a duration between " + text(min) + " and "
                    + text(max));
        }
        return value;
    }

    private static String text(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + "ms" : d.toHours() >= 1 ? d.toHours() + "h" : d.toSeconds() + "s";
    }

    private static int integer(Config c, String key, int min, int max) {
        return integer(c, key, min, max, PREFIX + "." + key);
    }

    private static int integer(Config c, String key, int min, int max, String path) {
        int value;
        try {
            value = c.getInt(key);
        } catch (ConfigException.Missing e) {
            throw new AuthConfigError(path, "missing");
        } catch (ConfigException.WrongType e) {
            throw new AuthConfigError(path, "must be a whole number");
        }
        if (value < min || value > max) {
            throw new AuthConfigError(path, "must be between " + min + " and " + max);
        }
        return value;
    }
}
