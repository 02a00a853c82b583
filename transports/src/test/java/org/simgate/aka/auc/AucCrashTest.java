package org.simgate.aka.auc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a JVM making vectors: after it, an AuC on the same SQN file starts above every SQN the
 * dead one made, across several reserved blocks, so it never sends an SQN twice.
 */
class AucCrashTest {
    @TempDir
    Path dir;

    @Test
    void afterAKillNineNoSqnIsMadeTwice() throws Exception {
        Path file = dir.resolve("auc.sqn");
        Path childOut = dir.resolve("child.out");
        Path childErrors = dir.resolve("child.err");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AucCrashChild.class.getName(), file.toString())
                .redirectOutput(childOut.toFile()).redirectError(childErrors.toFile()).start();
        int wanted = (int) (2 * HomeAuc.BLOCK + 100); // into its third block
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
            while (made(childOut).size() < wanted && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
            assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the child died");
        } finally {
            child.destroyForcibly();
        }
        List<Long> made = made(childOut);
        assertTrue(made.size() >= HomeAuc.BLOCK + 10, "the child made only " + made.size() + " vectors: "
                + Files.readString(childErrors));
        assertTrue(child.exitValue() != 0, "killed, not finished");
        long highest = made.stream().mapToLong(Long::longValue).max().orElseThrow();

        try (SqnReservations reopened = SqnReservations.open(file)) {
            HomeAuc next = new HomeAuc(List.of(AucSubscriber.of(AucCrashChild.IMSI, AucCrashChild.KEYS)), reopened);
            long first = AucCrashChild.sqn(next.vector(AucCrashChild.IMSI));
            assertTrue(first >>> 5 > highest >>> 5, "after the kill the AuC starts at SEQ " + (first >>> 5)
                    + ", not above SEQ " + (highest >>> 5) + " that the dead one made");
        }
    }

    /** The SQNs the child printed, whole lines only (a line cut by the kill was not finished). */
    private static List<Long> made(Path out) throws Exception {
        List<Long> sqns = new ArrayList<>();
        if (!Files.exists(out)) {
            return sqns;
        }
        String text = Files.readString(out);
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return sqns;
        }
        for (String line : text.substring(0, end).split("\n")) {
            sqns.add(Long.parseLong(line, 16));
        }
        return sqns;
    }
}
