package org.simgate.e2e.clients;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The outside programs the clients are, or are built on: /usr/bin/curl (libcurl, which NekoIMS
 * and strongswan-epdg link) and /usr/bin/python3 with requests (fasferraz's clients, pySim's).
 * Debian packages curl, python3-requests, python3-cryptography; scripts/test installs them.
 */
final class Programs {
    static final String CURL = "/usr/bin/curl";
    static final String PYTHON = "/usr/bin/python3";

    /** Exit status and output of a finished program. */
    record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private Programs() {
    }

    static Result curl(String... args) throws Exception {
        assertTrue(Files.isExecutable(Path.of(CURL)), CURL + " is missing: apt-get install curl");
        List<String> command = new ArrayList<>(List.of(CURL, "--silent", "--show-error", "--max-time", "20"));
        command.addAll(List.of(args));
        return run(command);
    }

    /** A script of tests/src/test/python run by python3; skipped where its modules are missing. */
    static Result python(String script, String... args) throws Exception {
        Result modules = run(List.of(PYTHON, "-c", "import requests, cryptography.hazmat.primitives.ciphers"));
        Assumptions.assumeTrue(modules.status() == 0,
                PYTHON + " lacks requests or cryptography (apt-get install python3-requests python3-cryptography)");
        List<String> command = new ArrayList<>(List.of(PYTHON, "-B", pythonDir().resolve(script).toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    private static Path pythonDir() {
        String client = System.getProperty("simgate.python.client"); // set by tests/pom.xml
        return client != null ? Path.of(client).getParent()
                : Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("src/test/python");
    }

    static Result run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        withoutProxies(builder.environment());
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    }

    /** The gateway is on 127.0.0.1 or a UNIX socket: a proxy from the environment must not come between. */
    private static void withoutProxies(Map<String, String> environment) {
        for (String name : List.of("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY",
                "PYTHONPATH", "PYTHONHOME")) {
            environment.remove(name);
        }
        environment.put("NO_PROXY", "localhost,127.0.0.1,::1");
        environment.put("no_proxy", "localhost,127.0.0.1,::1");
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (InputStream in = stream) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                in.transferTo(bytes);
                return bytes.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
