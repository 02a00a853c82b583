package org.simgate.front.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every key the config classes asked for while binding, by full path ({@code simgate.slots[0].simcard.k}).
 * A key present in the config that nothing asked for is read by no one: a misspelling
 * ({@code requried}), a key of another transport, a setting simgate does not have. Binding records
 * the keys, so a key that is read is never unknown and one that is not read always is.
 */
public final class KeyLedger {
    /** How a key was read, which says whether its insides were read key by key too. */
    enum Kind { VALUE, OBJECT, LIST }

    private final Map<String, Kind> read = new HashMap<>();

    /** A key read as a value, or only asked whether it is there: its insides, if any, are not checked. */
    public void value(String path) {
        read.putIfAbsent(path, Kind.VALUE);
    }

    /** An object whose keys were each read by name. */
    public void object(String path) {
        read.put(path, Kind.OBJECT);
    }

    /** A list of objects whose keys were each read by name, under {@code path[i]}. */
    public void list(String path) {
        read.put(path, Kind.LIST);
    }

    public boolean isRead(String path) {
        return read.containsKey(path);
    }

    /**
     * Refuses the first key under {@code object} (at {@code path}, which was read as an object) that
     * nothing read, in file order, naming it and the known key it most likely meant.
     */
    public void refuseUnknown(ConfigObject object, String path) {
        List<Unknown> unknown = new ArrayList<>();
        collect(object, path, unknown);
        if (unknown.isEmpty()) {
            return;
        }
        unknown.sort(Comparator.comparingInt(u -> u.line() < 0 ? Integer.MAX_VALUE : u.line()));
        Unknown first = unknown.get(0);
        String suggestion = Spelling.closest(first.name(), knownChildren(first.parent()));
        StringBuilder problem = new StringBuilder("unknown key");
        if (suggestion != null) {
            problem.append(" (did you mean ").append(suggestion).append("?)");
        }
        if (unknown.size() > 1) {
            problem.append("; also unknown: ").append(String.join(", ",
                    unknown.subList(1, Math.min(unknown.size(), 6)).stream().map(Unknown::path).toList()));
            if (unknown.size() > 6) {
                problem.append(", …");
            }
        }
        throw ConfigError.at(first.location(), first.path(), problem.toString());
    }

    private void collect(ConfigObject object, String path, List<Unknown> unknown) {
        for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
            String key = path + "." + entry.getKey();
            ConfigValue value = entry.getValue();
            Kind kind = read.get(key);
            if (kind == null) {
                ConfigOrigin origin = value.origin();
                if (fromSystemProperties(origin)) {
                    continue; // -Dsimgate.log.level and the like: the JVM's properties share the namespace
                }
                unknown.add(new Unknown(key, path, entry.getKey(), origin.lineNumber(), location(origin)));
            } else if (kind == Kind.OBJECT && value instanceof ConfigObject inner) {
                collect(inner, key, unknown);
            } else if (kind == Kind.LIST && value instanceof ConfigList list) {
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i) instanceof ConfigObject element) {
                        collect(element, key + "[" + i + "]", unknown);
                    }
                }
            }
        }
    }

    /** The keys read directly under {@code parent}. */
    private Set<String> knownChildren(String parent) {
        Set<String> names = new TreeSet<>();
        String prefix = parent + ".";
        for (String path : read.keySet()) {
            if (path.startsWith(prefix) && path.indexOf('.', prefix.length()) < 0 && path.indexOf('[', prefix.length()) < 0) {
                names.add(path.substring(prefix.length()));
            }
        }
        return names;
    }

    private static boolean fromSystemProperties(ConfigOrigin origin) {
        return origin != null && origin.description().startsWith("system properties");
    }

    /** {@code file:line} of a value set in a file; null for one from elsewhere (a system property, a string). */
    public static String location(ConfigOrigin origin) {
        if (origin == null || origin.filename() == null || origin.lineNumber() < 1) {
            return null;
        }
        return origin.filename() + ":" + origin.lineNumber();
    }

    private record Unknown(String path, String parent, String name, int line, String location) {
    }
}
