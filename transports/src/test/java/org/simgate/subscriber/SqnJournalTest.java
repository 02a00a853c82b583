package org.simgate.subscriber;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The farm's SQN journal: durable before the future completes, read back as the highest SEQ, a torn tail cut. */
class SqnJournalTest {
    @TempDir
    Path dir;

    @Test
    void whatWasAppendedIsReadBackAsTheHighestSeqPerInd() throws Exception {
        Path file = dir.resolve("var/subscribers.sqn");
        try (SqnJournal journal = SqnJournal.open(file)) {
            assertNull(journal.seqByInd("001010000000001"));
            journal.append("001010000000001", 3, 5).get(10, TimeUnit.SECONDS);
            journal.append("001010000000001", 3, 4).get(10, TimeUnit.SECONDS); // lower: the higher stays
            journal.append("001010000000001", 31, 0x7ffffffffffL).get(10, TimeUnit.SECONDS);
            journal.append("001010000000002", 0, 1).get(10, TimeUnit.SECONDS);
            assertEquals(5, journal.seqByInd("001010000000001")[3]);
        }
        try (SqnJournal again = SqnJournal.open(file)) {
            long[] expected = new long[32];
            expected[3] = 5;
            expected[31] = 0x7ffffffffffL;
            assertArrayEquals(expected, again.seqByInd("001010000000001"));
            assertEquals(1, again.seqByInd("001010000000002")[0]);
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(SqnJournal.MAGIC, lines.get(0));
        assertTrue(lines.contains("001010000000001 3 000000000005 " + crcOf("001010000000001 3 000000000005")), lines.toString());
    }

    @Test
    void aFutureCompletesOnlyOnceItsRecordIsInTheFile() throws Exception {
        Path file = dir.resolve("subscribers.sqn");
        try (SqnJournal journal = SqnJournal.open(file)) {
            for (int i = 1; i <= 50; i++) {
                journal.append("001010000000001", i % 32, i).get(10, TimeUnit.SECONDS);
                String line = "001010000000001 " + i % 32 + " " + String.format("%012x", i);
                assertTrue(Files.readString(file).contains(line + " "), "record " + i + " is not in the file yet");
            }
        }
    }

    @Test
    void manyWritersAreCommittedInBatchesAndNoneIsLost() throws Exception {
        Path file = dir.resolve("subscribers.sqn");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (SqnJournal journal = SqnJournal.open(file)) {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                String imsi = String.format("0010100000%05d", t);
                all.add(CompletableFuture.runAsync(() -> {
                    for (int seq = 1; seq <= 200; seq++) {
                        journal.append(imsi, seq % 32, seq).join();
                    }
                }, pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdown();
        }
        try (SqnJournal again = SqnJournal.open(file)) {
            for (int t = 0; t < 16; t++) {
                long[] seq = again.seqByInd(String.format("0010100000%05d", t));
                assertEquals(200, seq[200 % 32]);
                assertEquals(193, seq[193 % 32]);
            }
        }
    }

    @Test
    void aBatchCutShortByACrashIsDroppedAndTheRestKept() throws Exception {
        Path file = dir.resolve("subscribers.sqn");
        try (SqnJournal journal = SqnJournal.open(file)) {
            journal.append("001010000000001", 1, 7).get(10, TimeUnit.SECONDS);
        }
        // the crash left half a line, and a line whose CRC does not match (its bytes half on disk)
        Files.writeString(file, "001010000000001 2 000000000009 00000000\n001010000000001 1 0000000", StandardOpenOption.APPEND);
        long kept = Files.size(file) - "001010000000001 2 000000000009 00000000\n001010000000001 1 0000000".length();
        try (SqnJournal journal = SqnJournal.open(file)) {
            assertEquals(7, journal.seqByInd("001010000000001")[1]);
            assertEquals(0, journal.seqByInd("001010000000001")[2]);
            assertEquals(kept, Files.size(file));
            journal.append("001010000000001", 2, 3).get(10, TimeUnit.SECONDS);
        }
        try (SqnJournal journal = SqnJournal.open(file)) {
            assertEquals(3, journal.seqByInd("001010000000001")[2]);
        }
    }

    @Test
    void aFileThatIsNoJournalStopsTheStart() throws Exception {
        Path file = dir.resolve("subscribers.sqn");
        Files.writeString(file, "imsi,k,opc\n");
        IOException e = assertThrows(IOException.class, () -> SqnJournal.open(file));
        assertTrue(e.getMessage().contains("does not start with 'simgate-subscriber-sqn 1'"), e.getMessage());
    }

    @Test
    void oneJournalHasOneOwner() throws Exception {
        Path file = dir.resolve("subscribers.sqn");
        try (SqnJournal journal = SqnJournal.open(file)) {
            IOException e = assertThrows(IOException.class, () -> SqnJournal.open(dir.resolve("./subscribers.sqn")));
            assertTrue(e.getMessage().contains("is in use by this process"), e.getMessage());
            journal.append("001010000000001", 0, 1).get(10, TimeUnit.SECONDS); // the first one's lock still holds
        }
        try (SqnJournal again = SqnJournal.open(file)) {
            assertEquals(1, again.seqByInd("001010000000001")[0]);
        }
    }

    @Test
    void aJournalOfMostlySupersededLinesOpensCompacted() throws Exception {
        Path file = dir.resolve("subscribers.sqn");
        try (SqnJournal journal = SqnJournal.open(file)) {
            CompletableFuture<Void> last = null;
            for (int seq = 1; seq <= 5000; seq++) {
                last = journal.append("001010000000001", 0, seq);
            }
            last.get(30, TimeUnit.SECONDS);
        }
        assertTrue(Files.readAllLines(file).size() > 1000);
        try (SqnJournal journal = SqnJournal.open(file)) {
            assertEquals(5000, journal.seqByInd("001010000000001")[0]);
        }
        assertEquals(List.of(SqnJournal.MAGIC, "001010000000001 0 000000001388 " + crcOf("001010000000001 0 000000001388")),
                Files.readAllLines(file));
    }

    private static String crcOf(String body) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return String.format("%08x", crc.getValue());
    }
}
