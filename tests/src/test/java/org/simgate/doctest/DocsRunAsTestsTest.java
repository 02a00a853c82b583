package org.simgate.doctest;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * The documentation as tests: every shell example in README.md and docs/*.md runs, in document
 * order, against a fresh gateway of the built jar, and its output must be what the document shows.
 * One test per command, named after where it is ({@code README.md:50 curl -s -X POST …}); a block
 * that cannot run here (hardware, root on the host, another machine) is a skipped test with its
 * reason. The conventions are {@link MarkdownExamples}'s and {@link ExpectedOutput}'s.
 */
class DocsRunAsTestsTest {
    /** A client's JVM on a busy machine takes seconds; a minute means it hangs. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    @TestFactory
    Stream<DynamicNode> everyShellExampleOfTheDocumentationRuns() throws IOException {
        Path repository = Path.of(System.getProperty("simgate.repository", "..")).toAbsolutePath().normalize();
        Path jar = Path.of(System.getProperty("simgate.jar", "../gateway/target/simgate.jar")).toAbsolutePath().normalize();
        Path work = Path.of(System.getProperty("simgate.doctest.dir", "target/doctest")).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(jar), jar + " is missing: build it with mvn package (mvn verify does)");
        List<Path> documents = new ArrayList<>(List.of(repository.resolve("README.md")));
        try (Stream<Path> docs = Files.list(repository.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        // -Dsimgate.doctest.documents=README.md,docs/5g.md runs only those, while a document is being written
        List<String> only = List.of(System.getProperty("simgate.doctest.documents", "").split(",")).stream()
                .map(String::strip).filter(name -> !name.isEmpty()).toList();
        List<DynamicNode> containers = new ArrayList<>();
        for (Path document : documents) {
            String name = repository.relativize(document).toString();
            if (!only.isEmpty() && !only.contains(name)) {
                continue;
            }
            containers.add(DynamicContainer.dynamicContainer(name, document.toUri(),
                    tests(name, Files.readString(document), () -> new DocumentRun(name, repository, jar,
                            work.resolve(name.replace('/', '_')), true, COMMAND_TIMEOUT)).stream()));
        }
        return containers.stream();
    }

    /** What makes a document's run, when its first command needs it. */
    interface RunFactory {
        DocumentRun open() throws Exception;
    }

    /**
     * The tests of one document: a failing one for a block the runner cannot read, a skipped one
     * for a block marked skip, one per command otherwise. The run opens at the first command and
     * closes after the document's last test, whatever happened.
     */
    static List<DynamicTest> tests(String document, String markdown, RunFactory factory) {
        List<DynamicTest> tests = new ArrayList<>();
        DocumentRun[] run = new DocumentRun[1];
        for (MarkdownExamples.Block block : MarkdownExamples.parse(markdown)) {
            String where = document + ":" + block.line();
            if (block.problem() != null) {
                tests.add(DynamicTest.dynamicTest(where + " (not runnable)", () -> fail(where + ": " + block.problem())));
            } else if (block.skipped()) {
                tests.add(DynamicTest.dynamicTest(where + " skipped: " + block.skipReason(),
                        () -> Assumptions.abort(where + ": " + block.skipReason())));
            } else {
                boolean first = true;
                for (MarkdownExamples.Example example : block.examples()) {
                    boolean entersBlock = first;
                    first = false;
                    tests.add(DynamicTest.dynamicTest(document + ":" + example.line() + " " + example.title(), () -> {
                        if (run[0] == null) {
                            run[0] = factory.open();
                        }
                        if (entersBlock) {
                            run[0].enter(block);
                        }
                        run[0].check(example);
                    }));
                }
            }
        }
        if (tests.isEmpty()) {
            return tests;
        }
        DynamicTest last = tests.remove(tests.size() - 1);
        Executable lastTest = last.getExecutable();
        tests.add(DynamicTest.dynamicTest(last.getDisplayName(), () -> {
            try {
                lastTest.execute();
            } finally {
                if (run[0] != null) {
                    run[0].close();
                }
            }
        }));
        return tests;
    }
}
