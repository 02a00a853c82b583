package org.simgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.security.HeaderFields;
import org.simgate.security.Security;
import org.simgate.security.SignableRequest;
import org.simgate.security.Verification;
import org.simgate.security.config.AuthConfig;
import org.simgate.security.keys.DeviceKeys;

/** The client's signing key from each kind of option, checked by the server's own verifier. */
class ClientKeyTest {
    private static final String SECRET_HEX = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private static final String SECRET_BASE64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    @TempDir
    Path dir;

    private Security server;

    @BeforeEach
    void start() throws Exception {
        Path keys = Files.writeString(dir.resolve("keys.conf"),
                "groups { lab { client = lab, keys = [ { id = lab-1, secret = \"hex:" + SECRET_HEX + "\" } ] } }");
        server = Security.start(AuthConfig.fromRoot(ConfigFactory.parseString(
                "simgate.auth { required = true, keys-file = \"" + keys + "\" }")), DeviceKeys.NONE,
                Clock.systemUTC(), name -> null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Verification verify(ClientKey key, String method, String uri, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(uri));
        key.sign(builder, method, URI.create(uri), bytes);
        Map<String, List<String>> headers = builder.GET().build().headers().map();
        // the server sees the Host header java.net.http sends: no default port
        return server.requests().verify(new SignableRequest(method, ClientKey.targetUri(URI.create(uri)),
                HeaderFields.of(headers), bytes));
    }

    @Test
    void aSecretInTheEnvironmentAsBase64OrHexSigns() {
        for (String value : List.of(SECRET_BASE64, "base64:" + SECRET_BASE64, "hex:" + SECRET_HEX)) {
            ClientKey key = ClientKey.of("lab-1", null, null, "LAB_SECRET", null, name -> value, Clock.systemUTC());
            assertEquals(new Verification.Verified("lab", "lab-1"),
                    verify(key, "POST", "http://127.0.0.1:8000/sim-auth-api/v1/slot/0", "{\"rand\":\"00\"}"), value);
        }
    }

    @Test
    void theKeyFileSignsWithTheGroupsNewestKey() {
        ClientKey key = ClientKey.of(null, dir.resolve("keys.conf"), "lab", null, null, name -> null, Clock.systemUTC());
        assertEquals("lab-1", key.keyId());
        assertEquals(new Verification.Verified("lab", "lab-1"),
                verify(key, "GET", "https://gw.example:443/sim-info-api/v1/slot/0?x=1", ""));
    }

    @Test
    void noOptionsNoKey() {
        assertNull(ClientKey.of(null, null, null, null, null, name -> null, Clock.systemUTC()));
    }

    @Test
    void aShortOrGarbledSecretIsRefusedWithoutQuotingIt() {
        IllegalArgumentException shortOne = assertThrows(IllegalArgumentException.class,
                () -> ClientKey.of("k", null, null, "V", null, name -> "hex:00112233", Clock.systemUTC()));
        assertEquals("environment variable V: the secret must be at least 32 bytes", shortOne.getMessage());
        IllegalArgumentException garbled = assertThrows(IllegalArgumentException.class,
                () -> ClientKey.of("k", null, null, "V", null, name -> "hex:zz" + SECRET_HEX, Clock.systemUTC()));
        assertFalse(garbled.getMessage().contains(SECRET_HEX));
        assertThrows(IllegalArgumentException.class, () -> ClientKey.of("k", dir.resolve("keys.conf"), null, "V", null,
                name -> SECRET_BASE64, Clock.systemUTC()));
    }

    @Test
    void theTargetUriIsWhatTheServerRebuildsFromTheHostHeader() {
        assertEquals("http://127.0.0.1:8000/x?a=%20b", ClientKey.targetUri(URI.create("http://127.0.0.1:8000/x?a=%20b")));
        assertEquals("https://gw.example/x", ClientKey.targetUri(URI.create("https://gw.example:443/x")));
        assertEquals("http://gw.example/", ClientKey.targetUri(URI.create("http://gw.example:80")));
        assertEquals("http://[::1]:8081/admin/v1/devices", ClientKey.targetUri(URI.create("http://[::1]:8081/admin/v1/devices")));
    }
}
