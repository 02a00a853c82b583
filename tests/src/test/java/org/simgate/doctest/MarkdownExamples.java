package org.simgate.doctest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell examples of one Markdown document, as {@link DocsRunAsTestsTest} runs them.
 *
 * <p>A fenced block whose info string is {@code sh} (or {@code bash}, {@code shell}, {@code console})
 * is a shell example; other blocks (hocon, json, ini, plain text) are not run. In a shell example:
 * <ul>
 * <li>a line starting with {@code $ } is a command; it goes on over the next lines while a quote is
 *     open or the line ends with {@code \}, as in a shell;</li>
 * <li>the lines after a command, up to the next {@code $ } line, are its expected output (see
 *     {@link ExpectedOutput}); none means the command only has to exit 0;</li>
 * <li>before the first command only blank and {@code #} comment lines may stand.</li>
 * </ul>
 * HTML comments on the lines right above the opening fence steer the run:
 * <ul>
 * <li>{@code <!-- doctest: skip <reason> -->}: the block is not run (it needs hardware, root, another host…);</li>
 * <li>{@code <!-- doctest: gateway <arguments> -->}: before this block, the document's gateway is
 *     (re)started as {@code java -jar gateway/target/simgate.jar <arguments>} in the same working
 *     directory; without one, the first command starts it on its defaults;</li>
 * <li>{@code <!-- doctest: setup <shell command> -->}: run in the document's shell before the block
 *     (and before its gateway directive), unseen by a reader of the rendered page: for what the
 *     block's text takes as given, such as a file it names or a variable made as another page shows.</li>
 * </ul>
 * A shell block without a command and without {@code skip} is an error: every shell example either
 * runs or says why it cannot.
 */
final class MarkdownExamples {
    static final Set<String> SHELL_INFO = Set.of("sh", "bash", "shell", "console");
    private static final Pattern FENCE = Pattern.compile("^( {0,3})(```+|~~~+)\\s*([^\\s`]*).*$");
    private static final Pattern DIRECTIVE = Pattern.compile("^\\s*<!--\\s*doctest:\\s*(\\S+)\\s*(.*?)\\s*-->\\s*$");
    private static final Pattern ANY_DOCTEST_COMMENT = Pattern.compile("<!--\\s*doctest");

    private MarkdownExamples() {
    }

    /** One shell example: where it is, what steers it, and its commands. */
    record Block(int line, String skipReason, String gatewayArguments, List<String> setup, List<Example> examples,
                 String problem) {
        boolean skipped() {
            return skipReason != null;
        }
    }

    /**
     * One command and the output the document shows for it.
     *
     * @param line     the line of its {@code $ }
     * @param command  the command as the shell gets it, continuation lines included
     * @param expected the lines after it, trailing blank lines dropped
     */
    record Example(int line, String command, List<String> expected) {
        /** The command's first line, short enough for a test name. */
        String title() {
            String first = command.lines().findFirst().orElse("").strip();
            if (first.endsWith("\\")) {
                first = first.substring(0, first.length() - 1).strip();
            }
            boolean cut = first.length() > 90 || command.contains("\n");
            return (first.length() > 90 ? first.substring(0, 90) : first) + (cut ? " …" : "");
        }
    }

    static List<Block> parse(String markdown) {
        List<String> lines = markdown.lines().toList();
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String indent = open.group(1);
            String fence = open.group(2);
            int end = closingFence(lines, i + 1, fence);
            if (SHELL_INFO.contains(open.group(3))) {
                blocks.add(block(lines, i, end, indent));
            }
            i = end;
        }
        return blocks;
    }

    private static int closingFence(List<String> lines, int from, String fence) {
        for (int j = from; j < lines.size(); j++) {
            String stripped = lines.get(j).strip();
            if (stripped.startsWith(fence.substring(0, 3)) && stripped.chars().allMatch(c -> c == fence.charAt(0))
                    && stripped.length() >= fence.length()) {
                return j;
            }
        }
        return lines.size();
    }

    private static Block block(List<String> lines, int fenceIndex, int endIndex, String indent) {
        int line = fenceIndex + 1;
        String skip = null;
        String gateway = null;
        List<String> setup = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int j = fenceIndex - 1; j >= 0 && ANY_DOCTEST_COMMENT.matcher(lines.get(j)).find(); j--) {
            Matcher directive = DIRECTIVE.matcher(lines.get(j));
            if (!directive.matches()) {
                problems.add("line " + (j + 1) + ": a doctest comment is one line, <!-- doctest: skip|gateway|setup … -->");
                continue;
            }
            String argument = directive.group(2);
            switch (directive.group(1)) {
                case "skip" -> {
                    if (argument.isEmpty()) {
                        problems.add("line " + (j + 1) + ": doctest: skip needs a reason");
                    }
                    skip = argument;
                }
                case "gateway" -> gateway = argument;
                case "setup" -> setup.add(0, argument);
                default -> problems.add("line " + (j + 1) + ": unknown doctest directive '" + directive.group(1)
                        + "' (skip, gateway, setup)");
            }
        }
        List<String> body = new ArrayList<>();
        for (int j = fenceIndex + 1; j < endIndex; j++) {
            String text = lines.get(j);
            body.add(text.startsWith(indent) ? text.substring(indent.length()) : text.stripLeading());
        }
        List<Example> examples = skip != null ? List.of() : examples(body, line + 1, problems);
        if (skip == null && examples.isEmpty() && problems.isEmpty()) {
            problems.add("a shell block without a command: mark its commands with '$ ', or put"
                    + " <!-- doctest: skip <reason> --> right above it");
        }
        return new Block(line, skip, gateway, List.copyOf(setup), examples,
                problems.isEmpty() ? null : String.join("; ", problems));
    }

    private static List<Example> examples(List<String> body, int firstLine, List<String> problems) {
        List<Example> examples = new ArrayList<>();
        int i = 0;
        while (i < body.size() && !isCommand(body.get(i))) {
            String text = body.get(i).strip();
            if (!text.isEmpty() && !text.startsWith("#")) {
                problems.add("line " + (firstLine + i) + ": text before the first '$ ' command");
                return examples;
            }
            i++;
        }
        while (i < body.size()) {
            int commandLine = firstLine + i;
            StringBuilder command = new StringBuilder(body.get(i).substring(2));
            i++;
            while (ShellText.continues(command.toString()) && i < body.size()) {
                command.append('\n').append(body.get(i));
                i++;
            }
            List<String> expected = new ArrayList<>();
            while (i < body.size() && !isCommand(body.get(i))) {
                expected.add(body.get(i));
                i++;
            }
            while (!expected.isEmpty() && expected.get(expected.size() - 1).isBlank()) {
                expected.remove(expected.size() - 1);
            }
            examples.add(new Example(commandLine, command.toString(), List.copyOf(expected)));
        }
        return examples;
    }

    private static boolean isCommand(String line) {
        return line.startsWith("$ ");
    }
}
