package org.simgate.rspro;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The frames real osmo-remsim peers exchanged (src/test/resources/vectors/rspro_vectors.txt, a copy of
 * the shared test data): one whole IPA frame per line.
 */
public final class RsproVectors {
    /** One captured frame: message name, direction, the whole IPA frame. */
    public record Vector(int line, String name, String direction, byte[] frame) {
        public boolean isRspro() {
            return (frame[2] & 0xFF) == 0xEE;
        }

        /** The DER of an RSPRO frame (after header and extension byte). */
        public byte[] der() {
            byte[] der = new byte[frame.length - 4];
            System.arraycopy(frame, 4, der, 0, der.length);
            return der;
        }

        @Override
        public String toString() {
            return "line " + line + " " + name + " " + direction;
        }
    }

    private RsproVectors() {
    }

    public static List<Vector> all() {
        List<Vector> vectors = new ArrayList<>();
        try (var in = RsproVectors.class.getResourceAsStream("/vectors/rspro_vectors.txt");
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                int comment = line.indexOf('#');
                String content = (comment >= 0 ? line.substring(0, comment) : line).trim();
                if (content.isEmpty()) {
                    continue;
                }
                String[] fields = content.split("\\s+");
                vectors.add(new Vector(number, fields[0], fields[1], HexFormat.of().parseHex(fields[2])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return vectors;
    }

    public static List<Vector> rspro() {
        return all().stream().filter(Vector::isRspro).toList();
    }

    public static Vector first(String name) {
        return all().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }
}
