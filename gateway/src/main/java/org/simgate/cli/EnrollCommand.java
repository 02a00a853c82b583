package org.simgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Console;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import org.simgate.security.registration.DeviceEnrollment;
import org.simgate.security.registration.EnrollmentUrl;
import org.simgate.security.registration.FinalizeRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code enroll URL --key-out FILE}: the device's side of registration (docs/registration.md). It
 * makes a P-384 key pair, keeps the private key in FILE (owner-only, never over an existing file),
 * and POSTs the signed finalize request to the finalize URL the enrollment URL names. The global
 * {@code --trust-cert}/{@code --insecure}, {@code --timeout} and {@code -v} apply; host, port and
 * slot do not, the enrollment URL says where to go.
 */
@Command(name = "enroll", description = "Register this device with a gateway from an enrollment URL"
        + " (simgate-enroll://…, the QR code's text) and keep its private key")
final class EnrollCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    private ClientCommand client;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Parameters(index = "0", paramLabel = "URL", description = "The enrollment URL, simgate-enroll://register?…")
    private String enrollmentUrl;

    @Option(names = "--key-out", required = true, paramLabel = "FILE",
            description = "Where to write the device's private key (PKCS#8 PEM, mode 0600); must not exist")
    private Path keyOut;

    @Option(names = "--brand", paramLabel = "TEXT", description = "Device brand to register, e.g. 'Raspberry Pi'")
    private String brand;

    @Option(names = "--model", paramLabel = "TEXT", description = "Device model to register, e.g. 4B")
    private String model;

    @Option(names = "--passphrase-env", paramLabel = "VAR",
            description = "Read the registration passphrase from this environment variable (else it is asked for"
                    + " when the URL says there is one)")
    private String passphraseEnv;

    @Override
    public Integer call() throws Exception {
        EnrollmentUrl url;
        try {
            url = EnrollmentUrl.parse(enrollmentUrl.strip());
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        if (Files.exists(keyOut)) {
            throw new IllegalArgumentException(keyOut + " exists; give --key-out a new file (it may be another device's key)");
        }
        String passphrase = passphrase(url);
        DeviceEnrollment enrollment = DeviceEnrollment.start(url);
        FinalizeRequest request = enrollment.finalizeRequest(brand, model, passphrase);
        // the key is kept before the server consumes the registration: a key lost after success would waste it
        enrollment.writePrivateKey(keyOut);
        HttpResponse<String> response;
        try {
            response = post(url, request);
        } catch (IOException e) {
            Files.deleteIfExists(keyOut);
            throw new IllegalStateException("cannot reach " + url.finalizeUrl() + ": " + ServerTrust.whyUnreachable(e), e);
        } catch (InterruptedException | RuntimeException e) {
            Files.deleteIfExists(keyOut);
            throw e;
        }
        JsonNode body = json(response.body());
        if (response.statusCode() != 200 || !body.hasNonNull("key_id")) {
            Files.deleteIfExists(keyOut);
            // {"error": {"message": "…", "code": "BAD_PASSPHRASE"}}, docs/registration.md
            String code = body.path("error").path("code").asText("");
            String message = body.path("error").path("message").asText("");
            client.err().println("error: registration refused: HTTP " + response.statusCode()
                    + (code.isEmpty() ? "" : " " + code) + (message.isEmpty() ? "" : " (" + message + ")"));
            return 1;
        }
        client.out().println("registered " + body.get("key_id").asText() + " for client "
                + body.path("client").asText(url.client()) + " (" + body.path("algorithm").asText("ecdsa-p384-sha384")
                + "); private key in " + keyOut);
        return 0;
    }

    private String passphrase(EnrollmentUrl url) {
        if (passphraseEnv != null) {
            String value = System.getenv(passphraseEnv);
            if (value == null) {
                throw new IllegalArgumentException("environment variable " + passphraseEnv + " is not set");
            }
            return value;
        }
        if (!url.passphraseRequired()) {
            return null;
        }
        Console console = System.console();
        if (console == null) {
            throw new UsageError("this registration needs a passphrase: give --passphrase-env VAR");
        }
        char[] typed = console.readPassword("registration passphrase: ");
        return typed == null ? null : new String(typed);
    }

    private HttpResponse<String> post(EnrollmentUrl url, FinalizeRequest request) throws Exception {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(client.timeout());
        SSLContext tls = client.tls();
        if (tls != null) {
            builder.sslContext(tls);
        }
        HttpRequest post = HttpRequest.newBuilder(URI.create(url.finalizeUrl())).timeout(client.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toJson())).build();
        HttpResponse<String> response = builder.build().send(post, HttpResponse.BodyHandlers.ofString());
        if (client.verbose()) {
            client.out().println("POST " + url.finalizeUrl() + " -> " + response.statusCode());
        }
        return response;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
