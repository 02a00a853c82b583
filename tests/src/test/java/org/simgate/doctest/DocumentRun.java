package org.simgate.doctest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One document's run, in document order: a fresh working directory that looks like the repository
 * root (its files linked in, {@code gateway/target/simgate.jar} and {@code simgate.jar} the built
 * jar, no {@code var/}), a network namespace, a shell, and the gateway on its defaults unless a
 * block asks for another. Kept after the run for a look: the gateway's log is {@code gateway.log}.
 */
final class DocumentRun implements AutoCloseable {
    private static final Set<String> NOT_LINKED = Set.of("gateway", "var", "target");
    private static final List<String> UNWANTED_ENVIRONMENT = List.of("http_proxy", "https_proxy", "all_proxy",
            "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS",
            "PCSCLITE_CSOCK_NAME", "CURL_HOME", "MAVEN_OPTS");

    private final String document;
    private final Path directory;
    private final boolean gatewayByDefault;
    private final Duration commandTimeout;
    private final Map<String, String> environment;
    private final NetworkNamespace namespace;
    private final DocShell shell;
    private DocGateway gateway;
    private int gatewayStarts;

    /**
     * @param document         the document's name in messages, e.g. {@code docs/5g.md}
     * @param gatewayByDefault whether the first block starts a gateway on its defaults (the runner's
     *                         own tests run without one)
     * @param commandTimeout   how long a command may take before it counts as hung
     */
    DocumentRun(String document, Path repository, Path jar, Path directory, boolean gatewayByDefault,
                Duration commandTimeout) throws IOException {
        this.document = document;
        this.directory = directory;
        this.gatewayByDefault = gatewayByDefault;
        this.commandTimeout = commandTimeout;
        deleteRecursively(directory);
        Files.createDirectories(directory.resolve("gateway/target"));
        try (Stream<Path> entries = Files.list(repository)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".") && !NOT_LINKED.contains(name)) {
                    Files.createSymbolicLink(directory.resolve(name), entry.toAbsolutePath());
                }
            }
        }
        Files.createSymbolicLink(directory.resolve("gateway/target/simgate.jar"), jar.toAbsolutePath());
        Files.createSymbolicLink(directory.resolve("simgate.jar"), jar.toAbsolutePath());
        this.environment = environment(directory);
        this.namespace = NetworkNamespace.create();
        this.shell = new DocShell(namespace, directory, environment);
    }

    /**
     * Before a block's first command: its setup (first, so that it can write a file the gateway
     * reads), then its gateway directive, or a gateway on its defaults if none runs yet.
     */
    void enter(MarkdownExamples.Block block) throws Exception {
        String where = document + ":" + block.line();
        for (String setup : block.setup()) {
            DocShell.Result result = shell.run(setup, commandTimeout);
            if (result.status() != 0) {
                fail(where + ": its setup '" + setup + "' failed (exit " + result.status() + "):\n" + result.output());
            }
        }
        if (block.gatewayArguments() != null) {
            restartGateway(block.gatewayArguments(), where);
        } else if (gateway == null && gatewayByDefault) {
            restartGateway("", where);
        }
    }

    private void restartGateway(String arguments, String where) throws Exception {
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
        try {
            gateway = DocGateway.start(namespace, directory, arguments, environment,
                    directory.resolve("gateway-" + ++gatewayStarts + ".log"));
        } catch (IllegalStateException e) {
            fail(where + ": " + e.getMessage());
        }
    }

    /** Runs the command and fails, saying where and how, when it ends or prints otherwise than the document says. */
    void check(MarkdownExamples.Example example) throws Exception {
        String where = document + ":" + example.line();
        DocShell.Result result = shell.run(example.command(), commandTimeout);
        if (result.timedOut()) {
            fail(where + ": did not end within " + commandTimeout.toSeconds() + " s; it printed:\n" + result.output()
                    + gatewayLog());
        }
        if (result.status() != 0) {
            fail(where + ": exited " + result.status() + " (a command the document shows failing ends with"
                    + " ; echo \"exit $?\" and shows that line); it printed:\n" + result.output() + gatewayLog());
        }
        if (!example.expected().isEmpty() && !ExpectedOutput.matches(example.expected(), result.output())) {
            assertEquals(String.join("\n", example.expected()), ExpectedOutput.text(result.output()),
                    where + ": the output is not what the document shows" + gatewayLog());
        }
    }

    private String gatewayLog() {
        return gateway == null ? "" : "\n--- the gateway's last log lines:\n" + gateway.logTail(8);
    }

    @Override
    public void close() {
        try {
            shell.close();
        } finally {
            try {
                if (gateway != null) {
                    gateway.close();
                }
            } finally {
                namespace.close();
            }
        }
    }

    /** The user's environment, minus what would put something between the commands and the gateway. */
    private static Map<String, String> environment(Path home) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        UNWANTED_ENVIRONMENT.forEach(environment::remove);
        environment.put("HOME", home.toString());
        environment.put("LC_ALL", "C.UTF-8");
        environment.put("NO_PROXY", "localhost,127.0.0.1,::1");
        environment.put("no_proxy", "localhost,127.0.0.1,::1");
        String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
        environment.put("PATH", javaBin + File.pathSeparator + environment.getOrDefault("PATH", "/usr/bin:/bin")
                + File.pathSeparator + "/usr/sbin:/sbin");
        return environment;
    }

    /** Deletes a tree without following its links: the links into the repository go, their targets stay. */
    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
