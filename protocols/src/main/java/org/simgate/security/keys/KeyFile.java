package org.simgate.security.keys;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValueType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The shared-key file (HOCON, or JSON when the name ends in {@code .json}); docs/security.md:
 * <pre>
 * groups {
 *   lab {
 *     client = "lab-a"
 *     keys = [
 *       { id = "lab-2026-11", secret = "base64:…", expires = "2026-12-31T00:00:00Z" }
 *       { id = "lab-2027-01" }                       # secret from $SIMGATE_KEY_LAB_2027_01
 *       { id = "lab-old", secret = "env:LAB_OLD", revoked = true }
 *     ]
 *   }
 * }
 * </pre>
 */
public final class KeyFile {
    /** Key ids and client names: they go into logs, line-protocol AUTH lines and ACLs. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** 256 bits: an HMAC-SHA-256 key shorter than its output only weakens it. */
    static final int MIN_SECRET_BYTES = 32;
    static final int MAX_SECRET_BYTES = 1024;

    private KeyFile() {
    }

    /**
     * The environment variable a key without {@code secret} takes its secret from:
     * {@code SIMGATE_KEY_} and the id upper-cased, every character other than A-Z and 0-9 as {@code _}
     * ({@code lab-2027.01} → {@code SIMGATE_KEY_LAB_2027_01}).
     */
    public static String environmentName(String keyId) {
        return "SIMGATE_KEY_" + keyId.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /**
     * Reads a key file's text. {@code name} only labels errors; {@code environment} looks up
     * environment variables ({@code System::getenv} in production).
     */
    public static KeyRing parse(String name, byte[] content, Function<String, String> environment)
            throws KeyFileError {
        Config root;
        try {
            ConfigParseOptions options = ConfigParseOptions.defaults().setOriginDescription(name)
                    .setSyntax(name.endsWith(".json") ? ConfigSyntax.JSON : ConfigSyntax.CONF);
            root = ConfigFactory.parseString(new String(content, StandardCharsets.UTF_8), options)
                    .resolve(ConfigResolveOptions.noSystem());
        } catch (ConfigException e) {
            // Typesafe's parse messages can quote the text around the error, which may be a secret
            int line = e.origin() != null ? e.origin().lineNumber() : -1;
            throw new KeyFileError(name + (line > 0 ? ": line " + line : "") + ": not valid "
                    + (name.endsWith(".json") ? "JSON" : "HOCON"));
        }
        return new Reader(name, environment).ring(root);
    }

    private record Reader(String name, Function<String, String> environment) {

        KeyRing ring(Config root) throws KeyFileError {
            if (!root.hasPath("groups")) {
                throw error("groups", "missing");
            }
            if (root.getValue("groups").valueType() != ConfigValueType.OBJECT) {
                throw error("groups", "must be an object { group-name { client = …, keys = [ … ] } }");
            }
            Config groups = root.getConfig("groups");
            List<SharedKey> keys = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (String group : groups.root().keySet()) {
                String path = "groups." + group;
                if (groups.root().get(group).valueType() != ConfigValueType.OBJECT) {
                    throw error(path, "must be an object { client = …, keys = [ … ] }");
                }
                Config g = groups.getConfig(quoted(group));
                String client = string(g, path, "client");
                if (!NAME.matcher(client).matches()) {
                    throw error(path + ".client", "must be 1 to 64 of A-Z a-z 0-9 . _ @ -");
                }
                if (!g.hasPath("keys")) {
                    throw error(path + ".keys", "missing");
                }
                List<? extends Config> entries;
                try {
                    entries = g.getConfigList("keys");
                } catch (ConfigException.WrongType e) {
                    throw error(path + ".keys", "must be a list of objects [ { id = …, secret = … } ]");
                }
                for (int i = 0; i < entries.size(); i++) {
                    SharedKey key = key(entries.get(i), path + ".keys[" + i + "]", group, client);
                    if (ids.contains(key.id())) {
                        throw error(path + ".keys[" + i + "].id", "key id " + key.id() + " appears twice");
                    }
                    ids.add(key.id());
                    keys.add(key);
                }
            }
            return new KeyRing(keys);
        }

        private SharedKey key(Config k, String path, String group, String client) throws KeyFileError {
            String id = string(k, path, "id");
            if (!KEY_ID.matcher(id).matches()) {
                throw error(path + ".id", "must be 1 to 64 of A-Z a-z 0-9 . _ -");
            }
            Instant expires = null;
            if (k.hasPath("expires")) {
                try {
                    expires = Instant.parse(string(k, path, "expires"));
                } catch (DateTimeParseException e) {
                    throw error(path + ".expires", "must be an instant such as 2026-12-31T00:00:00Z");
                }
            }
            boolean revoked = false;
            if (k.hasPath("revoked")) {
                try {
                    revoked = k.getBoolean("revoked");
                } catch (ConfigException.WrongType e) {
                    throw error(path + ".revoked", "must be true or false");
                }
            }
            return new SharedKey(id, group, client, secret(k, path, id), expires, revoked);
        }

        private byte[] secret(Config k, String path, String id) throws KeyFileError {
            String where = path + ".secret";
            String text;
            if (k.hasPath("secret")) {
                text = string(k, path, "secret");
                if (text.startsWith("env:")) {
                    String variable = text.substring(4);
                    text = environment.apply(variable);
                    if (text == null || text.isBlank()) {
                        throw error(where, "environment variable " + variable + " is not set");
                    }
                    text = "base64:" + text.strip();
                }
            } else {
                String variable = environmentName(id);
                String value = environment.apply(variable);
                if (value == null || value.isBlank()) {
                    throw error(where, "missing, and environment variable " + variable + " is not set");
                }
                text = "base64:" + value.strip();
            }
            byte[] secret;
            try {
                if (text.startsWith("base64:")) {
                    String b64 = text.substring(7).strip();
                    secret = b64.indexOf('-') >= 0 || b64.indexOf('_') >= 0
                            ? Base64.getUrlDecoder().decode(b64) : Base64.getDecoder().decode(b64);
                } else if (text.startsWith("hex:")) {
                    secret = HexFormat.of().parseHex(text.substring(4).strip());
                } else {
                    throw error(where, "must be base64:…, hex:… or env:NAME");
                }
            } catch (IllegalArgumentException e) {
                throw error(where, "is not valid " + (text.startsWith("hex:") ? "hex" : "base64"));
            }
            if (secret.length < MIN_SECRET_BYTES || secret.length > MAX_SECRET_BYTES) {
                throw error(where, "must be " + MIN_SECRET_BYTES + " to " + MAX_SECRET_BYTES + " bytes");
            }
            return secret;
        }

        private String string(Config c, String path, String key) throws KeyFileError {
            try {
                return c.getString(key);
            } catch (ConfigException.Missing e) {
                throw error(path + "." + key, "missing");
            } catch (ConfigException.WrongType e) {
                throw error(path + "." + key, "must be a string");
            }
        }

        private KeyFileError error(String path, String problem) {
            return new KeyFileError(name + ": " + path + ": " + problem);
        }

        private static String quoted(String key) {
            return "\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }
}
