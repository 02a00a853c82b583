package org.simgate.e2e.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigUtil;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.e2e.ExternalProcess;
import org.simgate.aka.AuthenticationVector;
import org.simgate.security.keys.SharedKey;
import org.simgate.security.signature.RequestSigner;

/**
 * {@code simgate.unix}: every REST API on a real UNIX domain socket, no Host check there, the
 * file's mode and group, a stale socket replaced, a live one or any other file refusing the start,
 * the file gone at stop, and signatures required there too under {@code auth.required}.
 */
class UnixSocketListenerTest {
    static final String IMSI_BODY = "{\n\t\"imsi\": \"" + Subscriber.IMSI + "\"\n}";
    static final String RUNUSER = "/usr/sbin/runuser";
    static final String HOST_SIMCARD_IMSI = "GET /?type=imsi HTTP/1.1\r\nHost: simcard\r\nConnection: close\r\n\r\n";

    @TempDir
    Path dir;
    final Subscriber subscriber = new Subscriber();

    static ExternalProcess.Result curl(Path socket, String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--unix-socket";
        all[1] = socket.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Programs.curl(all);
    }

    @Test
    void curlReachesEveryApiOnTheSocket() throws Exception {
        try (ClientsGateway gateway = ClientsGateway.start(dir)) {
            AuthenticationVector v = subscriber.next();
            HexFormat hex = HexFormat.of();

            assertEquals(IMSI_BODY, curl(gateway.socket(), "http://simcard/?type=imsi").out());
            assertEquals("{\"successful_3g_authentication\":{\"res\":\"" + hex.formatHex(v.xres()) + "\",\"ck\":\""
                            + hex.formatHex(v.ck()) + "\",\"ik\":\"" + hex.formatHex(v.ik()) + "\",\"kc\":\""
                            + hex.formatHex(v.kc()) + "\"}}",
                    curl(gateway.socket(), "-X", "POST", "-H", "Content-Type: application/json", "-d", "{\"rand\":\""
                            + hex.formatHex(v.rand()) + "\",\"autn\":\"" + hex.formatHex(v.autn()) + "\"}",
                            "http://simcard/sim-auth-api/v1/slot/0").out());
            String info = curl(gateway.socket(), "http://simcard/sim-info-api/v1/slot/0").out();
            assertTrue(info.startsWith("{\"imsi\":\"" + Subscriber.IMSI + "\",\"iccid\":\"8988211000000000011\""), info);
            String slots = curl(gateway.socket(), "http://localhost/api/v1/slots").out();
            assertTrue(slots.startsWith("{\"slots\":[{\"id\":0,"), slots);
            assertEquals("{\"status\":\"ok\"}", curl(gateway.socket(), "http://localhost/health").out());
        }
    }

    @Test
    void aHostNoBrowserWouldSendIsAnsweredOnTheSocketAndRefusedOnTcp() throws Exception {
        try (ClientsGateway gateway = ClientsGateway.start(dir)) {
            UnixSocketHttp.Exchange unix = UnixSocketHttp.exchange(gateway.socket(), HOST_SIMCARD_IMSI);

            assertEquals("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: " + IMSI_BODY.length()
                    + "\r\nconnection: close\r\n\r\n" + IMSI_BODY, unix.received());
            assertTrue(unix.closedByServer());
            try (Socket tcp = new Socket()) {
                tcp.connect(new InetSocketAddress("127.0.0.1", gateway.httpPort()), 10_000);
                tcp.setSoTimeout(15_000);
                OutputStream out = tcp.getOutputStream();
                out.write(HOST_SIMCARD_IMSI.getBytes(StandardCharsets.US_ASCII));
                String answer = new String(tcp.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertTrue(answer.startsWith("HTTP/1.1 421 "), answer);
            }
        }
    }

    @Test
    void theSocketHasTheConfiguredModeAndTheProcesssGroup() throws Exception {
        Path reference = Files.createFile(dir.resolve("made-by-this-process"));
        try (ClientsGateway gateway = ClientsGateway.start(dir)) {
            PosixFileAttributes socket = Files.readAttributes(gateway.socket(), PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);

            assertTrue(socket.isOther(), "a socket");
            assertEquals("rw-rw----", PosixFilePermissions.toString(socket.permissions()));
            assertEquals(Files.readAttributes(reference, PosixFileAttributes.class).group(), socket.group());
        }
        try (ClientsGateway gateway = ClientsGateway.start(dir, "simgate.unix.mode = \"0600\"")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(gateway.socket(),
                    LinkOption.NOFOLLOW_LINKS)));
        }
    }

    /** Connecting as another user takes root (runuser) here; CI and scripts/test run as root. */
    static void assumeRoot() throws Exception {
        Assumptions.assumeTrue("0".equals(ExternalProcess.run(List.of("/usr/bin/id", "-u")).out().strip())
                && Files.isExecutable(Path.of(RUNUSER)), "needs root and " + RUNUSER);
    }

    /** curl as user nobody (group nogroup), who is neither the socket's owner nor in its group. */
    static ExternalProcess.Result curlAsNobody(Path socket) throws Exception {
        return ExternalProcess.run(List.of(RUNUSER, "-u", "nobody", "--", Programs.CURL, "--silent", "--show-error",
                "--max-time", "20", "--unix-socket", socket.toString(), "http://simcard/?type=imsi"));
    }

    @Test
    void theModeKeepsOutAUserOutsideOwnerAndGroupAndAModeCanLetHimIn() throws Exception {
        assumeRoot();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x")); // nobody may pass through

        try (ClientsGateway gateway = ClientsGateway.start(dir)) {
            ExternalProcess.Result refused = ExternalProcess.run(List.of(RUNUSER, "-u", "nobody", "--", Programs.PYTHON, "-c",
                    "import socket, sys; socket.socket(socket.AF_UNIX).connect(sys.argv[1])", gateway.socket().toString()));
            assertTrue(refused.err().contains("PermissionError: [Errno 13] Permission denied"), refused.toString());
        }
        try (ClientsGateway gateway = ClientsGateway.start(dir, "simgate.unix.mode = \"0666\"")) {
            ExternalProcess.Result allowed = curlAsNobody(gateway.socket());
            assertEquals(IMSI_BODY, allowed.out(), allowed.toString());
        }
    }

    @Test
    void aSetgidDirectoryGivesTheSocketItsGroupSoThatGroupConnects() throws Exception {
        assumeRoot();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Path shared = Files.createDirectory(dir.resolve("shared"));
        GroupPrincipal nogroup = shared.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName("nogroup");
        Files.getFileAttributeView(shared, PosixFileAttributeView.class).setGroup(nogroup);
        ExternalProcess.Result setgid = ExternalProcess.run(List.of("/usr/bin/chmod", "2750", shared.toString()));
        assertEquals(0, setgid.status(), setgid.toString());

        try (ClientsGateway gateway = ClientsGateway.start(dir, "simgate.unix.path = "
                + ConfigUtil.quoteString(shared.resolve("simcard.sock").toString()))) {
            PosixFileAttributes socket = Files.readAttributes(gateway.socket(), PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            assertEquals(nogroup, socket.group());
            assertEquals("rw-rw----", PosixFilePermissions.toString(socket.permissions()));
            ExternalProcess.Result member = curlAsNobody(gateway.socket()); // nobody's group is nogroup
            assertEquals(IMSI_BODY, member.out(), member.toString());
        }
    }

    @Test
    void theSocketIsRemovedAtStopAndNothingElseIsLeft() throws Exception {
        Path socket;
        try (ClientsGateway gateway = ClientsGateway.start(dir)) {
            socket = gateway.socket();
            assertTrue(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
        }

        assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
        try (var left = Files.list(dir)) {
            assertEquals("[tls]", Arrays.toString(left.map(path -> path.getFileName().toString()).sorted().toArray()));
        }
    }

    @Test
    void aStaleSocketIsReplaced() throws Exception {
        Path socket = dir.resolve("simcard.sock");
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socket)); // its close leaves the file, as a killed process does
        }
        assertTrue(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));

        try (ClientsGateway gateway = ClientsGateway.start(dir)) {
            assertEquals(IMSI_BODY, curl(gateway.socket(), "http://simcard/?type=imsi").out());
        }
    }

    @Test
    void aSocketAnotherProcessListensOnRefusesTheStartAndStaysItsOwn() throws Exception {
        Path socket = dir.resolve("simcard.sock");
        try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            other.bind(UnixDomainSocketAddress.of(socket));

            IOException refused = assertThrows(IOException.class, () -> ClientsGateway.start(dir));

            assertEquals("simgate.unix.path " + socket + ": another process listens on it (another simgate?)",
                    refused.getMessage());
            try (var client = java.nio.channels.SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                assertTrue(client.isConnected(), "the other process's socket still works");
            }
        }
    }

    @Test
    void aFileThatIsNoSocketRefusesTheStartInOneLineAndIsLeftAlone() throws Exception {
        Path socket = Files.writeString(dir.resolve("simcard.sock"), "not a socket\n");

        IOException refused = assertThrows(IOException.class, () -> ClientsGateway.start(dir));

        assertEquals("simgate.unix.path " + socket + ": exists and is not a socket; simgate replaces only a stale "
                + "socket: move it away or choose another path", refused.getMessage());
        assertEquals("not a socket\n", Files.readString(socket));
    }

    @Test
    void withAuthRequiredTheSocketTakesOnlySignedRequests() throws Exception {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) 0x41);
        SharedKey key = new SharedKey("lab-1", "lab", "lab", secret, null, false);
        Path keys = Files.writeString(dir.resolve("keys.conf"), "groups { lab { client = \"lab\", keys = [ { id = \"lab-1\","
                + " secret = \"base64:" + Base64.getEncoder().encodeToString(secret) + "\" } ] } }\n");
        String auth = "simgate.auth { required = true, keys-file = " + ConfigUtil.quoteString(keys.toString())
                + ", devices-dir = " + ConfigUtil.quoteString(dir.resolve("devices").toString())
                + ", clients { lab { slots = [0], operations = [info] } } }";
        try (ClientsGateway gateway = ClientsGateway.start(dir, auth)) {
            assertTrue(UnixSocketHttp.exchange(gateway.socket(), HOST_SIMCARD_IMSI).received().startsWith("HTTP/1.1 401 "));

            Map<String, String> signature = RequestSigner.hmac(key, Clock.systemUTC())
                    .sign("GET", "http://simcard/?type=imsi", new byte[0]);
            StringBuilder signed = new StringBuilder("GET /?type=imsi HTTP/1.1\r\nHost: simcard\r\n");
            signature.forEach((name, value) -> signed.append(name).append(": ").append(value).append("\r\n"));
            String answer = UnixSocketHttp.exchange(gateway.socket(), signed.append("Connection: close\r\n\r\n").toString())
                    .received();
            assertTrue(answer.startsWith("HTTP/1.1 200 ") && answer.endsWith(IMSI_BODY), answer);
        }
    }

    @Test
    void offByDefault() {
        assertFalse(org.simgate.gateway.config.GatewayConfig.load(null).unix().enabled());
    }

    @Test
    void aGatewayThatCannotStartLeavesNoSocket() throws Exception {
        // the line listener's port is taken: the start fails after the UNIX listener bound
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThrows(IOException.class, () -> ClientsGateway.start(dir, "simgate.line.port = " + taken.getLocalPort()));
        }

        assertFalse(Files.exists(dir.resolve("simcard.sock"), LinkOption.NOFOLLOW_LINKS));
    }
}
