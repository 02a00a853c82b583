package org.simgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.service.SlotException;

/**
 * The client against an HTTPS server with a self-signed certificate whose name is not the address
 * it is reached by, as simgate's generated one may be. keytool (in every JDK) makes the certificates.
 */
class HttpsTrustTest {
    private static final String INFO = "{\"imsi\":\"001010000000001\",\"iccid\":\"8988211000000000001\"}";

    @TempDir
    static Path dir;
    private static SSLContext serverTls;
    private static Path serverCert;
    private static Path otherCert;

    @BeforeAll
    static void makeCertificates() throws Exception {
        serverCert = certificate("server");
        otherCert = certificate("other");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
    }

    private static Path certificate(String name) throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path store = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        keytool(keytool, "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=simgate-" + name, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit");
        keytool(keytool, "-exportcert", "-rfc", "-alias", name, "-keystore", store.toString(),
                "-storepass", "changeit", "-file", pem.toString());
        return pem;
    }

    private static void keytool(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
    }

    private static RestSimService service(StubServer server, SSLContext trust) {
        return RestSimService.connect(server.url(), trust, Duration.ofSeconds(5), line -> { });
    }

    @Test
    void pinnedCertificateIsTrustedWhateverItsName() throws Exception {
        try (StubServer server = StubServer.https(serverTls, request -> new StubServer.Reply(200, INFO))) {
            assertEquals("001010000000001", service(server, ServerTrust.pinnedTo(serverCert)).info(0).get().imsi());
        }
    }

    @Test
    void unknownCertificateIsRefused() throws Exception {
        try (StubServer server = StubServer.https(serverTls, request -> new StubServer.Reply(200, INFO))) {
            for (SSLContext trust : new SSLContext[] {null, ServerTrust.pinnedTo(otherCert)}) {
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> service(server, trust).info(0).get());
                SlotException slot = (SlotException) e.getCause();
                assertEquals(SlotException.Kind.TRANSPORT_DOWN, slot.kind());
                // says what fixes it, not the JDK's "PKIX path building failed"
                assertTrue(slot.getMessage().endsWith(": the server's certificate is not trusted: give --trust-cert with the"
                        + " gateway's certificate (a gateway without its own makes one: var/tls/cert.pem where it runs) or"
                        + " --insecure"), slot.getMessage());
            }
            assertTrue(server.requests.isEmpty());
        }
    }

    @Test
    void insecureTrustsAnyone() throws Exception {
        try (StubServer server = StubServer.https(serverTls, request -> new StubServer.Reply(200, INFO))) {
            assertEquals("8988211000000000001", service(server, ServerTrust.trustingAnyone()).info(0).get().iccid());
        }
    }

    @Test
    void commandLineTakesTrustCertAndInsecure() throws Exception {
        try (StubServer server = StubServer.https(serverTls, request -> new StubServer.Reply(200, INFO))) {
            for (List<String> trust : List.of(List.of("--trust-cert", serverCert.toString()), List.of("--insecure"))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                List<String> args = new ArrayList<>(List.of("--url", server.url().toString()));
                args.addAll(trust);
                args.add("info");

                int status = ClientCommand.run(args.toArray(String[]::new), ClientCommand.NO_IN_PROCESS, new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));

                assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
                assertTrue(out.toString(StandardCharsets.UTF_8).contains("IMSI  001010000000001"));
            }
        }
    }
}
