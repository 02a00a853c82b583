package org.simgate.e2e.pcsc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.simgate.e2e.TestCard;
import org.simgate.gateway.Gateway;
import org.simgate.gateway.config.GatewayConfig;
import org.simgate.service.ReloadResult;
import org.simgate.service.SlotStatus;

/** A gateway in this JVM, from a HOCON snippet merged over the shipped defaults, with an HTTP client for it. */
final class RunningGateway implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final String LISTENERS = "simgate { http.port = 0, https.enabled = false, line.port = 0, management.port = 0 }\n";

    final Gateway gateway;
    private final Path file;

    private RunningGateway(Gateway gateway, Path file) {
        this.gateway = gateway;
        this.file = file;
    }

    /** Plain HTTP on an ephemeral port, no HTTPS, then {@code hocon}; a reload reads the file again. */
    static RunningGateway start(Path dir, String hocon) {
        try {
            Files.createDirectories(dir);
            Path file = Files.createTempFile(dir, "simgate", ".conf");
            Files.writeString(file, LISTENERS + hocon);
            return new RunningGateway(Gateway.start(GatewayConfig.load(file), () -> GatewayConfig.load(file)), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces {@code hocon} in the config file and reloads it. */
    CompletableFuture<ReloadResult> reload(String hocon) {
        try {
            Files.writeString(file, LISTENERS + hocon);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return gateway.reload();
    }

    /** A simcard slot with TS 35.208 test set 1's keys (the keys {@link org.simgate.e2e.clients.Subscriber} computes vectors for), SQN state in memory. */
    static String simcard(int id, boolean allowApdu) {
        return TestCard.SET_1.inSlot(id, "allow-apdu = " + allowApdu, "");
    }

    static String pcscSlot(int id, String reader, String mode) {
        return "{ id = " + id + ", transport = pcsc, allow-apdu = true, pcsc { reader = \"^" + reader + "$\", mode = " + mode
                + " } }";
    }

    /** An HTTP exchange's status, JSON body and Retry-After header (null if none). */
    record Answer(int status, JsonNode body, String retryAfter) {
        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Answer post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.httpAddress().getPort() + path);
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), JSON.readTree(response.body()),
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    SlotStatus slot(int id) {
        return gateway.service().slots().stream().filter(s -> s.id() == id).findFirst().orElseThrow();
    }

    /** Waits until the slot is in that state, as the gateway sees it without a request. */
    void awaitState(int id, SlotStatus.State state, Duration within) {
        awaitTrue(() -> slot(id).state() == state, within, () -> "slot " + id + " is " + slot(id).state()
                + " (last error: " + slot(id).lastError() + "), not " + state);
    }

    static void awaitTrue(BooleanSupplier condition, Duration within, java.util.function.Supplier<String> otherwise) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(otherwise.get() + " after " + within.toMillis() + " ms");
            }
            PcscDaemon.sleep(10);
        }
    }

    static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    @Override
    public void close() {
        gateway.close();
    }
}
