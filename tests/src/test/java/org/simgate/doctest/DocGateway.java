package org.simgate.doctest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway a document's commands talk to: {@code java -jar gateway/target/simgate.jar ARGUMENTS}
 * started in the document's working directory (so its {@code var/} is the document's own), inside
 * the document's network namespace, its log in a file beside it.
 */
final class DocGateway implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(90);

    private final Process process;
    private final Path log;

    private DocGateway(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts it and waits for "simgate ready"; a gateway that stops first is an error with its log. */
    static DocGateway start(NetworkNamespace namespace, Path directory, String arguments, Map<String, String> environment,
                            Path log) throws IOException, InterruptedException {
        ProcessBuilder builder = namespace.command(List.of("bash", "-c",
                        "exec java -jar gateway/target/simgate.jar " + arguments))
                .directory(directory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        // a JVM that stops before the document's last test (a killed build) takes its gateway along
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "doctest-gateway-stop"));
        DocGateway gateway = new DocGateway(process, log);
        long deadline = System.nanoTime() + START.toNanos();
        while (!gateway.log().contains("simgate ready")) {
            if (!gateway.process.isAlive() || System.nanoTime() > deadline) {
                String why = gateway.process.isAlive() ? "was not ready within " + START.toSeconds() + " s" : "stopped";
                gateway.close();
                throw new IllegalStateException("the gateway (java -jar gateway/target/simgate.jar " + arguments + ") "
                        + why + "; its log:\n" + gateway.log());
            }
            gateway.process.waitFor(50, TimeUnit.MILLISECONDS);
        }
        return gateway;
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** The last lines of its log, for a failure's message. */
    String logTail(int lines) {
        try {
            List<String> all = log().lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** SIGTERM, as systemd stops it; killed if it has not stopped within 20 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
