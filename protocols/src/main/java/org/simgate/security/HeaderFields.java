package org.simgate.security;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The header fields of a request as the security code sees them: every field line's value for a
 * name, in the order received. Names are looked up case-insensitively. Netty's
 * {@code HttpHeaders::getAll} fits as it is.
 */
@FunctionalInterface
public interface HeaderFields {

    /** Every field line's value for {@code name}, in order; empty when the field is absent. */
    List<String> all(String name);

    /** Fields held in a map (names in any case), e.g. for tests and clients. */
    static HeaderFields of(Map<String, List<String>> fields) {
        Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        fields.forEach((name, values) -> byName.merge(name.toLowerCase(Locale.ROOT), List.copyOf(values),
                (a, b) -> {
                    var joined = new java.util.ArrayList<>(a);
                    joined.addAll(b);
                    return List.copyOf(joined);
                }));
        return name -> byName.getOrDefault(name, List.of());
    }

    /** One line per field, from name/value pairs: {@code ofPairs("Date", "…", "Host", "…")}. */
    static HeaderFields ofPairs(String... nameValue) {
        if (nameValue.length % 2 != 0) {
            throw new IllegalArgumentException("name/value pairs expected");
        }
        Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < nameValue.length; i += 2) {
            fields.computeIfAbsent(nameValue[i], n -> new java.util.ArrayList<>()).add(nameValue[i + 1]);
        }
        return of(fields);
    }
}
