package org.simgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.security.registration.DeviceRegistry;
import org.simgate.security.registration.FinalizeOutcome;
import org.simgate.security.registration.FinalizeRequest;
import org.simgate.security.registration.FinalizeResponse;
import org.simgate.security.registration.Pem;
import org.simgate.security.registration.RegisteredDevice;
import org.simgate.security.registration.Registration;

/** {@code simgate client enroll} against a finalize endpoint backed by a real DeviceRegistry. */
class EnrollCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final AtomicReference<DeviceRegistry> registry = new AtomicReference<>();

    private int run(String... args) {
        return ClientCommand.run(args, ClientCommand.NO_IN_PROCESS, new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    /** The finalize endpoint as the gateway will serve it: the registry's outcome as JSON. */
    private StubServer finalizeEndpoint() throws Exception {
        StubServer server = StubServer.http(request -> {
            FinalizeOutcome outcome = registry.get().finalizeRegistration(
                    FinalizeRequest.parse(request.body().getBytes(StandardCharsets.UTF_8)));
            if (outcome instanceof FinalizeOutcome.Registered registered) {
                return new StubServer.Reply(200, JSON.writeValueAsString(FinalizeResponse.of(registered.device())));
            }
            FinalizeOutcome.Refused refused = (FinalizeOutcome.Refused) outcome;
            return new StubServer.Reply(refused.refusal().httpStatus(), JSON.writeValueAsString(refused.refusal().toError()));
        });
        registry.set(DeviceRegistry.open(dir.resolve("state"), server.url(), Clock.systemUTC()));
        return server;
    }

    @Test
    void enrollRegistersTheDeviceAndKeepsItsPrivateKey() throws Exception {
        try (StubServer server = finalizeEndpoint()) {
            Registration registration = registry.get().create("edge-7");
            Path key = dir.resolve("device-key.pem");

            int status = run("enroll", registration.enrollmentUrl().uri(), "--key-out", key.toString(),
                    "--brand", "Raspberry Pi", "--model", "4B");

            assertEquals(0, status, errBytes.toString(StandardCharsets.UTF_8));
            assertEquals("registered " + registration.keyId() + " for client edge-7 (ecdsa-p384-sha384); private key in "
                    + key + "\n", outBytes.toString(StandardCharsets.UTF_8));
            assertEquals("/admin/v1/devices/finalize", server.lastRequest().path());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
            RegisteredDevice device = registry.get().devices().get(0);
            assertEquals("Raspberry Pi", device.deviceBrand());
            assertEquals("4B", device.deviceModel());
            // the kept private key is the one whose public half was registered
            Signature signer = Signature.getInstance("SHA384withECDSA");
            signer.initSign(Pem.ecPrivateKey(Files.readString(key)));
            signer.update(new byte[] {1});
            Signature verifier = Signature.getInstance("SHA384withECDSA");
            verifier.initVerify(registry.get().find(registration.keyId()).orElseThrow().publicKey());
            verifier.update(new byte[] {1});
            assertTrue(verifier.verify(signer.sign()));
        }
    }

    @Test
    void aRefusalIsOneLineExitOneAndNoKeyFileIsLeft() throws Exception {
        try (StubServer server = finalizeEndpoint()) {
            Registration registration = registry.get().create("edge-7", Duration.ofMinutes(5), "s3cret pass");
            Path key = dir.resolve("device-key.pem");

            // HOME is set wherever tests run, and is not the passphrase
            int status = run("enroll", registration.enrollmentUrl().uri(), "--key-out", key.toString(),
                    "--passphrase-env", "HOME");

            assertEquals(1, status);
            String err = errBytes.toString(StandardCharsets.UTF_8);
            assertEquals("error: registration refused: HTTP 403 BAD_PASSPHRASE (wrong passphrase)\n", err);
            assertFalse(Files.exists(key));
            assertEquals(1, server.requests.size());
            assertEquals(1, registry.get().pending().size());
        }
    }

    @Test
    void aPassphraseNeededWithoutAConsoleOrVariableIsAUsageError() throws Exception {
        try (StubServer server = finalizeEndpoint()) {
            Registration registration = registry.get().create("edge-7", Duration.ofMinutes(5), "s3cret pass");

            int status = run("enroll", registration.enrollmentUrl().uri(), "--key-out", dir.resolve("k.pem").toString());

            assertEquals(2, status);
            assertTrue(errBytes.toString(StandardCharsets.UTF_8)
                    .startsWith("this registration needs a passphrase: give --passphrase-env VAR\nUsage: "));
            assertTrue(server.requests.isEmpty());
        }
    }

    @Test
    void anExistingKeyFileOrABrokenUrlStopsBeforeAnythingIsSent() throws Exception {
        try (StubServer server = finalizeEndpoint()) {
            Registration registration = registry.get().create("edge-7");
            Path existing = Files.writeString(dir.resolve("taken.pem"), "another key");
            List<String> errors = new ArrayList<>();

            assertEquals(1, run("enroll", registration.enrollmentUrl().uri(), "--key-out", existing.toString()));
            errors.add(errBytes.toString(StandardCharsets.UTF_8));
            assertEquals(2, run("enroll", "https://gw.example/?serial=x", "--key-out", dir.resolve("k.pem").toString()));
            errors.add(errBytes.toString(StandardCharsets.UTF_8));

            assertTrue(errors.get(0).contains("exists"), errors.get(0));
            assertTrue(errors.get(1).contains("not a simgate enrollment URL"), errors.get(1));
            assertEquals("another key", Files.readString(existing));
            assertTrue(server.requests.isEmpty());
        }
    }
}
