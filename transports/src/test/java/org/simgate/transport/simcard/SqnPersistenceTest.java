package org.simgate.transport.simcard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.transport.simcard.TestCard.RAND;
import static org.simgate.transport.simcard.TestCard.authenticate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQN memory survives a restart and a crash, and a damaged state file stops the card. */
class SqnPersistenceTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFileIsAFreshCardAndIsWrittenAtOnce() throws IOException {
        Path state = dir.resolve("var/slot0.sqn");
        new SoftUicc(TestCard.profile().withStateFile(state));
        assertEquals(SqnStateFile.format(new long[32]), Files.readString(state));
    }

    @Test
    void theFileIsTextWithOneSeqPerInd() throws IOException {
        Path state = dir.resolve("card.sqn");
        CardSession card = card(state);
        card.selectUsim();
        card.authenticate(authenticate((5L << 5) | 2));
        card.authenticate(authenticate(0x03)); // SEQ 0 is never fresh: refused, nothing stored
        String[] lines = Files.readString(state).split("\n");
        assertEquals("simgate-sqn-state 1", lines[0]);
        assertEquals("seq 00000000000 00000000000 00000000005" + " 00000000000".repeat(29), lines[1]);
        assertTrue(lines[2].matches("crc32 [0-9a-f]{8}"), lines[2]);
        assertFalse(Files.exists(dir.resolve("card.sqn.tmp")), "the temp file was renamed");
    }

    @Test
    void theStateSurvivesANewInstanceOnTheSameFile() throws IOException {
        Path state = dir.resolve("card.sqn");
        CardSession before = card(state);
        before.selectUsim();
        assertEquals("DB", hex(before.authenticate(authenticate(0x21))).substring(0, 2));
        assertEquals("DB", hex(before.authenticate(authenticate(0x6A))).substring(0, 2));

        CardSession after = card(state);
        after.selectUsim();
        assertEquals(0x6A, syncFailure(after, 0x21), "SQN_MS is the highest SQN accepted before the restart");
        assertEquals(0x6A, syncFailure(after, 0x6A));
        assertEquals("DB", hex(after.authenticate(authenticate(0x41))).substring(0, 2), "IND 1 was only at SEQ 1");
        assertEquals("DB", hex(after.authenticate(authenticate(0x8A))).substring(0, 2));
    }

    @Test
    void aCorruptFileStopsTheCardAndNamesTheFile() throws IOException {
        Path state = dir.resolve("card.sqn");
        String good = SqnStateFile.format(new long[32]);
        List<String> damaged = List.of(
                "",
                "simgate-sqn-state 1\n",
                good.replace("simgate-sqn-state 1", "simgate-sqn-state 2"),
                good.replace("seq 00000000000", "seq 00000000001"), // checksum no longer matches
                good.substring(0, good.length() - 5),
                "garbage\n".repeat(1000));
        for (String content : damaged) {
            Files.writeString(state, content);
            IOException e = assertThrows(IOException.class, () -> new SoftUicc(TestCard.profile().withStateFile(state)));
            assertTrue(e.getMessage().contains(state.toAbsolutePath().toString()), e.getMessage());
            assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
            assertFalse(e.getMessage().toUpperCase().contains(TestCard.K), "no key in the message");
            assertEquals(content, Files.readString(state), "the damaged file is left for inspection");
        }
    }

    @Test
    void anUnreadableFileStopsTheCardAndNamesTheFile() throws IOException {
        Path state = Files.createDirectory(dir.resolve("card.sqn")); // a directory cannot be read as a file
        IOException e = assertThrows(IOException.class, () -> new SoftUicc(TestCard.profile().withStateFile(state)));
        assertTrue(e.getMessage().contains(state.toAbsolutePath().toString()), e.getMessage());
    }

    @Test
    void aStateFileThatCannotBeCreatedStopsTheCardAndNamesTheFile() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("var"), "a file where the directory should be");
        Path state = notADirectory.resolve("slot0.sqn");
        IOException e = assertThrows(IOException.class, () -> new SoftUicc(TestCard.profile().withStateFile(state)));
        assertTrue(e.getMessage().contains(state.toAbsolutePath().toString()), e.getMessage());
    }

    @Test
    void aStateThatCannotBeStoredIsNotAnsweredAndNotRemembered() throws IOException {
        Path state = dir.resolve("card.sqn");
        CardSession card = card(state);
        card.selectUsim();
        Path temp = Files.createDirectory(dir.resolve("card.sqn.tmp")); // the write of the temp file fails
        card.exchange(authenticate(0x21), "6581");
        Files.delete(temp);
        card.exchange(authenticate(0x21), "61 35");
        assertEquals(0x21, syncFailure(card(state), 0x21));
    }

    /**
     * Kills a card process in the middle of a run of AUTHENTICATEs, then opens its state file again:
     * every SQN the dead card answered must now be refused, and a newer one accepted.
     */
    @Test
    void everySqnAnsweredBeforeACrashIsRefusedAfterIt() throws Exception {
        Path state = dir.resolve("crash.sqn");
        Path childOut = dir.resolve("child.out");
        Path childErrors = dir.resolve("child.err");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SqnCrashChild.class.getName(), state.toString())
                .redirectOutput(childOut.toFile())
                .redirectError(childErrors.toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (answeredSqns(childOut).size() < 200 && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the child died");
        } finally {
            child.destroyForcibly();
        }
        // everything the child printed before the kill is in the file: those SQNs were answered
        List<Long> answered = answeredSqns(childOut);
        assertTrue(answered.size() >= 50, "the child answered only " + answered.size() + " AUTHENTICATEs: "
                + Files.readString(childErrors));
        assertTrue(child.exitValue() != 0, "killed, not finished");

        CardSession restarted = card(state);
        restarted.selectUsim();
        long highest = answered.get(answered.size() - 1);
        for (long sqn : answered) {
            long sqnMs = syncFailure(restarted, sqn);
            assertTrue(sqnMs >= highest, "SQN_MS " + Long.toHexString(sqnMs) + " below an answered SQN");
        }
        // the child may have stored one more SQN than it printed (killed between the two): skip past it
        long newer = (((highest >>> 5) + 2) << 5) | 3;
        assertEquals("DB", hex(restarted.authenticate(authenticate(newer))).substring(0, 2));
    }

    /** The SQNs in the child's output; a last line cut by the kill is not counted. */
    private static List<Long> answeredSqns(Path childOut) throws IOException {
        String out = Files.readString(childOut, StandardCharsets.US_ASCII);
        List<Long> sqns = new ArrayList<>();
        int end = out.lastIndexOf('\n');
        if (end > 0) {
            for (String line : out.substring(0, end).split("\n")) {
                sqns.add(Long.parseLong(line, 16));
            }
        }
        return sqns;
    }

    private static CardSession card(Path state) throws IOException {
        return new CardSession(new SoftUicc(TestCard.profile().withStateFile(state)));
    }

    /** AUTHENTICATEs with the SQN, expects a synchronisation failure, returns SQN_MS from AUTS. */
    private static long syncFailure(CardSession card, long sqn) {
        card.selectUsim();
        byte[] answer = card.authenticate(authenticate(sqn));
        assertEquals("DC0E", hex(Arrays.copyOf(answer, 2)), "SQN " + Long.toHexString(sqn) + " must be refused");
        return TestCard.sqnFromAuts(RAND, Arrays.copyOfRange(answer, 2, 16));
    }

    private static String hex(byte[] b) {
        return org.simgate.transport.Bytes.text(b);
    }
}
