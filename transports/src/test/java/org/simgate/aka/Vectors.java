package org.simgate.aka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.simgate.transport.Hex;

/** The published test vectors in src/test/resources/vectors (see its README.md). */
public final class Vectors {
    private Vectors() {
    }

    public static JsonNode file(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test vectors " + name + " not on the test classpath");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** TS 35.208 test sets 1..20, in order. */
    public static List<JsonNode> milenageSets() {
        List<JsonNode> sets = new ArrayList<>();
        file("milenage_35208.json").get("test_sets").forEach(sets::add);
        return sets;
    }

    /** TS 35.208 test set n (1-based). */
    public static JsonNode milenageSet(int n) {
        JsonNode set = milenageSets().get(n - 1);
        if (set.get("test_set").asInt() != n) {
            throw new IllegalStateException("milenage_35208.json is out of order at set " + n);
        }
        return set;
    }

    public static byte[] bytes(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new IllegalStateException("vector has no field " + field);
        }
        return Hex.decode(value.asText());
    }
}
