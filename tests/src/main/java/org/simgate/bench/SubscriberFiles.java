package org.simgate.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import org.simgate.aka.AuthenticationCentre;
import org.simgate.aka.AuthenticationVector;
import org.simgate.aka.Milenage;

/**
 * What {@code scripts/bench-subscribers} loads: a subscriber file of N Milenage subscribers
 * (IMSIs 001010000000000 + i, K and OPc from a seeded random: public test keys, never real ones)
 * and, for each of some rounds, one fresh challenge per subscriber as wrk sends it
 * ({@code <imsi> <json body>} a line, round after round, SEQ = round, IND 0). Prints how long
 * reading the subscriber file back takes, which is what N subscribers add to a start.
 *
 * <p>{@code java -cp transports/target/classes tests/src/main/java/org/simgate/bench/SubscriberFiles.java
 * COUNT subscribers.csv [requests-file FIRST_ROUND ROUNDS]...}
 */
public final class SubscriberFiles {
    private static final HexFormat HEX = HexFormat.of();

    private SubscriberFiles() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        byte[][] k = new byte[count][16];
        byte[][] opc = new byte[count][16];
        Random random = new Random(23);
        try (BufferedWriter csv = Files.newBufferedWriter(Path.of(args[1]))) {
            csv.write("imsi,k,opc,amf,sqn,algorithm\n");
            for (int i = 0; i < count; i++) {
                random.nextBytes(k[i]);
                random.nextBytes(opc[i]);
                csv.write(imsi(i) + "," + HEX.formatHex(k[i]) + "," + HEX.formatHex(opc[i]) + ",8000,0,milenage\n");
            }
        }
        // what a start costs for them: the file read and checked as the config reads it (a cold JVM, as at a start)
        long t0 = System.nanoTime();
        int read = org.simgate.subscriber.SubscriberFile.read(Path.of(args[1]), 2).size();
        System.out.printf("read back %d subscribers in %d ms (SubscriberFile.read, cold JVM)%n", read,
                (System.nanoTime() - t0) / 1_000_000);
        byte[] amf = {(byte) 0x80, 0};
        for (int a = 2; a + 2 < args.length; a += 3) {
            int first = Integer.parseInt(args[a + 1]);
            int rounds = Integer.parseInt(args[a + 2]);
            try (BufferedWriter out = Files.newBufferedWriter(Path.of(args[a]))) {
                for (int round = first; round < first + rounds; round++) {
                    for (int i = 0; i < count; i++) {
                        byte[] rand = new byte[16];
                        random.nextBytes(rand);
                        AuthenticationVector v = new AuthenticationCentre(Milenage.withOpc(k[i], opc[i]))
                                .generate(rand, (long) round << AuthenticationCentre.IND_BITS, amf);
                        out.write(imsi(i) + " {\"rand\":\"" + HEX.formatHex(v.rand()) + "\",\"autn\":\""
                                + HEX.formatHex(v.autn()) + "\"}\n");
                    }
                }
            }
        }
    }

    static String imsi(int i) {
        return String.format("00101%010d", i);
    }
}
