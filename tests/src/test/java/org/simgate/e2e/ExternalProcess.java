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

/** Runs a program (curl, python3) to its end and collects what it printed. */
final class ExternalProcess {
    /** Exit status and output of a finished program. */
    record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private ExternalProcess() {
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

    /** The servers under test are on 127.0.0.1: a proxy from the environment must not come between. */
    static void withoutProxies(Map<String, String> environment) {
        for (String name : List.of("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY",
                "PYTHONPATH", "PYTHONHOME")) {
            environment.remove(name);
        }
        environment.put("NO_PROXY", "localhost,127.0.0.1,::1");
        environment.put("no_proxy", "localhost,127.0.0.1,::1");
    }

    static CompletableFuture<String> drain(InputStream stream) {
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
