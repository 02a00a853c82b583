package org.simgate.doctest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The runner itself, on small documents of its own and without a gateway: a document whose output
 * drifted fails, so CI fails when the real documents drift.
 */
class DocumentRunTest {
    @TempDir
    Path dir;

    private List<DynamicTest> tests(String markdown) throws Exception {
        return tests(markdown, Duration.ofSeconds(30));
    }

    private List<DynamicTest> tests(String markdown, Duration commandTimeout) throws Exception {
        Path repository = Files.createDirectories(dir.resolve("repository"));
        Files.createDirectories(repository.resolve("docs"));
        Files.writeString(repository.resolve("docs/notes.txt"), "the repository's own file\n");
        Path jar = Files.writeString(dir.resolve("simgate.jar"), "not really a jar");
        return DocsRunAsTestsTest.tests("docs/example.md", markdown,
                () -> new DocumentRun("docs/example.md", repository, jar, dir.resolve("work"), false, commandTimeout));
    }

    private static void runAll(List<DynamicTest> tests) throws Throwable {
        for (DynamicTest test : tests) {
            test.getExecutable().execute();
        }
    }

    @Test
    void aDocumentWhoseOutputIsAsShownPasses() throws Throwable {
        runAll(tests("""
                ```sh
                $ greeting=$(echo hello)     # the shell lives for the whole document
                $ echo "$greeting, $(cat docs/notes.txt)"
                hello, the repository's own file
                $ printf '{"imsi": "001010000000001", "apps": ["USIM", "ISIM"]}\\n'
                {"imsi":"001010000000001",
                 "apps":["USIM","ISIM"]}
                $ ls -l gateway/target/simgate.jar | grep -c simgate.jar
                1
                $ false; echo "exit $?"
                exit 1
                ```
                """));
    }

    @Test
    void aChangedExpectedOutputFails() throws Throwable {
        List<DynamicTest> tests = tests("""
                ```sh
                $ echo '{"res":"9d17cd1d46269624","ck":null}'
                {"res":"9d17cd1d46269625","ck":null}
                ```
                """);

        AssertionFailedError drift = assertThrows(AssertionFailedError.class, () -> runAll(tests));
        assertTrue(drift.getMessage().startsWith("docs/example.md:2: the output is not what the document shows"),
                drift.getMessage());
        assertEquals("{\"res\":\"9d17cd1d46269625\",\"ck\":null}", drift.getExpected().getStringRepresentation());
        assertEquals("{\"res\":\"9d17cd1d46269624\",\"ck\":null}", drift.getActual().getStringRepresentation());
        assertEquals("docs/example.md:2 echo '{\"res\":\"9d17cd1d46269624\",\"ck\":null}'", tests.get(0).getDisplayName());
    }

    @Test
    void aCommandThatFailsFailsEvenWithoutExpectedOutput() throws Throwable {
        AssertionFailedError failed = assertThrows(AssertionFailedError.class, () -> runAll(tests("""
                ```sh
                $ echo about to fail; exit_code=3; (exit $exit_code)
                ```
                """)));
        assertTrue(failed.getMessage().startsWith("docs/example.md:2: exited 3 "), failed.getMessage());
        assertTrue(failed.getMessage().contains("about to fail"), failed.getMessage());
    }

    @Test
    void aCommandTheShellCannotParseFailsAloneAndTheNextStillRuns() throws Throwable {
        List<DynamicTest> tests = tests("""
                ```sh
                $ if then fi
                $ echo next
                next
                ```
                """);
        AssertionFailedError failed = assertThrows(AssertionFailedError.class, () -> tests.get(0).getExecutable().execute());
        assertTrue(failed.getMessage().contains("syntax error"), failed.getMessage());
        tests.get(1).getExecutable().execute();
    }

    @Test
    void aCommandThatHangsFailsAndTheNextStillRuns() throws Throwable {
        List<DynamicTest> tests = tests("""
                ```sh
                $ echo started; sleep 100000
                $ echo next
                next
                ```
                """, Duration.ofSeconds(3));
        AssertionFailedError hung = assertThrows(AssertionFailedError.class, () -> tests.get(0).getExecutable().execute());
        assertTrue(hung.getMessage().startsWith("docs/example.md:2: did not end within "), hung.getMessage());
        assertTrue(hung.getMessage().contains("started"), hung.getMessage());
        tests.get(1).getExecutable().execute();
    }

    @Test
    void skippedBlocksAreSkippedTestsWithTheirReason() throws Throwable {
        List<DynamicTest> tests = tests("""
                <!-- doctest: skip needs a USB modem -->
                ```sh
                socat - /dev/ttyUSB2,crnl
                ```
                """);
        assertEquals("docs/example.md:2 skipped: needs a USB modem", tests.get(0).getDisplayName());
        TestAbortedException skipped = assertThrows(TestAbortedException.class, () -> runAll(tests));
        assertEquals("docs/example.md:2: needs a USB modem", skipped.getMessage());
    }

    @Test
    void theWorkingDirectoryIsFreshAndDeletingItLeavesTheRepositoryAlone() throws Throwable {
        runAll(tests("""
                ```sh
                $ touch var-was-here && ls var 2>/dev/null | wc -l
                0
                ```
                """));
        runAll(tests("""
                ```sh
                $ ls var-was-here 2>/dev/null | wc -l
                0
                ```
                """));
        assertEquals("the repository's own file\n", Files.readString(dir.resolve("repository/docs/notes.txt")));
    }
}
