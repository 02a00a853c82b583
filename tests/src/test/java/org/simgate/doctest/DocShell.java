package org.simgate.doctest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One bash for a whole document, so that what a command sets ({@code url=$(…)}, a {@code cd}) is
 * there for the next one, as in the terminal of a reader who types the examples in order. Each
 * command runs with its stdin from /dev/null, its stderr into its stdout, and through {@code eval},
 * so that even a command the shell cannot parse ends with a status instead of eating the next one.
 */
final class DocShell implements AutoCloseable {
    /** How a command ended: its exit status and everything it printed. */
    record Result(int status, String output, boolean timedOut) {
    }

    /** Put on the queue when the shell's output ends; compared by identity, no line can be it. */
    private static final String END_OF_OUTPUT = new String("the shell ended");

    private final NetworkNamespace namespace;
    private final Path directory;
    private final Map<String, String> environment;
    private Process bash;
    private OutputStream input;
    private BlockingQueue<String> lines;

    DocShell(NetworkNamespace namespace, Path directory, Map<String, String> environment) {
        this.namespace = namespace;
        this.directory = directory;
        this.environment = environment;
    }

    Result run(String command, Duration timeout) throws IOException, InterruptedException {
        if (bash == null || !bash.isAlive()) {
            start();
        }
        String marker = "__doctest_" + UUID.randomUUID().toString().replace("-", "");
        String script = "eval \"$(cat <<'" + marker + "_command'\n" + command + "\n" + marker + "_command\n)\" </dev/null\n"
                + "printf '\\n%s %s\\n' " + marker + " \"$?\"\n";
        input.write(script.getBytes(StandardCharsets.UTF_8));
        input.flush();
        List<String> output = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                kill();
                return new Result(-1, String.join("\n", output), true);
            }
            if (line == END_OF_OUTPUT) {
                return new Result(-1, String.join("\n", output) + "\n(the shell ended)", false);
            }
            if (line.startsWith(marker + " ")) {
                return new Result(Integer.parseInt(line.substring(marker.length() + 1).strip()), String.join("\n", output),
                        false);
            }
            output.add(line);
        }
    }

    private void start() throws IOException {
        ProcessBuilder builder = namespace.command(List.of("bash", "--noprofile", "--norc")).directory(directory.toFile())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        bash = builder.start();
        input = bash.getOutputStream();
        lines = new LinkedBlockingQueue<>();
        BlockingQueue<String> queue = lines;
        BufferedReader out = new BufferedReader(new InputStreamReader(bash.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try (out) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    queue.add(line);
                }
            } catch (IOException e) {
                // the shell is gone
            }
            queue.add(END_OF_OUTPUT);
        }, "doctest-shell");
        reader.setDaemon(true);
        reader.start();
        input.write("exec 2>&1\n".getBytes(StandardCharsets.UTF_8));
        input.flush();
    }

    /** A command that hangs takes the shell with it; the next command gets a new one. */
    private void kill() {
        bash.descendants().forEach(ProcessHandle::destroyForcibly);
        bash.destroyForcibly();
    }

    @Override
    public void close() {
        if (bash == null) {
            return;
        }
        // what a command left running in the background goes too (looked up while bash is still its parent)
        List<ProcessHandle> leftRunning = bash.descendants().toList();
        try {
            input.write("exit\n".getBytes(StandardCharsets.UTF_8));
            input.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!bash.waitFor(10, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
        leftRunning.forEach(ProcessHandle::destroyForcibly);
    }
}
