package org.simgate.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The tests' one runner of outside programs (curl, python3, dpkg-deb…): runs one to its end and collects what it printed. */
public final class ExternalProcess {
    /** Exit status and output of a finished program. */
    public record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private ExternalProcess() {
    }

    /** A client of the servers under test: no proxy, PYTHONPATH or PYTHONHOME from the environment; 60 s at most. */
    public static Result run(List<String> command) throws Exception {
        return run(command, ExternalProcess::withoutProxies, 60);
    }

    /** A program that keeps this JVM's environment, with {@code environment} added. */
    public static Result run(List<String> command, Map<String, String> environment, int timeoutSeconds) throws Exception {
        return run(command, inherited -> inherited.putAll(environment), timeoutSeconds);
    }

    private static Result run(List<String> command, Consumer<Map<String, String>> environment, int timeoutSeconds)
            throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        environment.accept(builder.environment());
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + timeoutSeconds + " s");
        }
        return new Result(process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    }

    /**
     * The servers under test are on 127.0.0.1 or a UNIX socket: a proxy from the environment must not
     * come between, and a python3 client must use the system's modules.
     */
    public static void withoutProxies(Map<String, String> environment) {
        for (String name : List.of("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY",
                "PYTHONPATH", "PYTHONHOME")) {
            environment.remove(name);
        }
        environment.put("NO_PROXY", "localhost,127.0.0.1,::1");
        environment.put("no_proxy", "localhost,127.0.0.1,::1");
    }

    /** Everything the stream gives until its end, read on another thread (so that a full pipe never blocks the program). */
    public static CompletableFuture<String> drain(InputStream stream) {
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
