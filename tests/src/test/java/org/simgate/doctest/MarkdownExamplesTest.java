package org.simgate.doctest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownExamplesTest {

    @Test
    void commandsTheirContinuationsAndTheirExpectedOutput() {
        List<MarkdownExamples.Block> blocks = MarkdownExamples.parse("""
                # title

                ```sh
                # a comment before the first command
                $ curl -s -X POST localhost:8000/sim-auth-api/v1/slot/0 \\
                       -d '{"rand":"00"}'
                {"ok":1}
                $ echo "it's" # the card's answer
                it's

                $ curl -d '{"a":1,
                    "b":2}'
                {"a":1,
                 "b":2}

                ```
                """);

        assertEquals(1, blocks.size());
        MarkdownExamples.Block block = blocks.get(0);
        assertNull(block.problem());
        assertEquals(3, block.line());
        List<MarkdownExamples.Example> examples = block.examples();
        assertEquals(3, examples.size());
        assertEquals(5, examples.get(0).line());
        assertEquals("curl -s -X POST localhost:8000/sim-auth-api/v1/slot/0 \\\n       -d '{\"rand\":\"00\"}'",
                examples.get(0).command());
        assertEquals("curl -s -X POST localhost:8000/sim-auth-api/v1/slot/0 …", examples.get(0).title());
        assertEquals(List.of("{\"ok\":1}"), examples.get(0).expected());
        assertEquals("echo \"it's\" # the card's answer", examples.get(1).command());
        assertEquals(List.of("it's"), examples.get(1).expected());
        assertEquals("curl -d '{\"a\":1,\n    \"b\":2}'", examples.get(2).command());
        assertEquals(List.of("{\"a\":1,", " \"b\":2}"), examples.get(2).expected());
    }

    @Test
    void directivesRightAboveTheFenceSteerTheBlock() {
        List<MarkdownExamples.Block> blocks = MarkdownExamples.parse("""
                <!-- doctest: skip needs a PC/SC reader -->
                ```sh
                pcsc_scan
                ```

                <!-- doctest: gateway -c docs/examples/signed.conf -->
                <!-- doctest: setup cp docs/examples/keys.conf . -->
                <!-- doctest: setup cp docs/examples/lab.secret . -->
                ```bash
                $ true
                ```
                """);

        assertEquals("needs a PC/SC reader", blocks.get(0).skipReason());
        assertTrue(blocks.get(0).skipped());
        assertNull(blocks.get(0).problem());
        assertFalse(blocks.get(1).skipped());
        assertEquals("-c docs/examples/signed.conf", blocks.get(1).gatewayArguments());
        assertEquals(List.of("cp docs/examples/keys.conf .", "cp docs/examples/lab.secret ."), blocks.get(1).setup());
    }

    @Test
    void otherBlocksAreNotRun() {
        assertEquals(List.of(), MarkdownExamples.parse("""
                ```hocon
                $ not a command
                ```
                ```
                $ nor this
                ```
                ```json
                {"a": 1}
                ```
                """));
    }

    @Test
    void aShellBlockThatNeitherRunsNorSaysWhyIsAnError() {
        List<MarkdownExamples.Block> blocks = MarkdownExamples.parse("""
                ```sh
                java -jar simgate.jar client info
                ```

                <!-- doctest: skip -->
                ```sh
                pcsc_scan
                ```

                <!-- doctest: run please -->
                ```sh
                $ true
                ```
                """);

        assertTrue(blocks.get(0).problem().startsWith("line 2: text before the first '$ ' command"), blocks.get(0).problem());
        assertEquals("line 5: doctest: skip needs a reason", blocks.get(1).problem());
        assertEquals("line 10: unknown doctest directive 'run' (skip, gateway, setup)", blocks.get(2).problem());
    }

    @Test
    void aBlockWithOnlyCommentsIsAnErrorToo() {
        assertTrue(MarkdownExamples.parse("```sh\n# nothing to run\n```\n").get(0).problem()
                .startsWith("a shell block without a command"));
    }
}
