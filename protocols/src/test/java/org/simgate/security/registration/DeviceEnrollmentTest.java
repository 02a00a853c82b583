package org.simgate.security.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceEnrollmentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DeviceEnrollment enrollment = DeviceEnrollment.start(EnrollmentUrl.parse(EnrollmentUrlTest.EXAMPLE));

    @TempDir
    Path dir;

    @Test
    void theFinalizeBodyHasTheDocumentedFieldNames() throws Exception {
        FinalizeRequest request = enrollment.finalizeRequest("Raspberry Pi", "4B", "correct horse");
        String body = request.toJson();

        JsonNode json = JSON.readTree(body);
        assertEquals(List.of("serial", "scope", "device_brand", "device_model", "passphrase", "public_key", "signature"),
                iterableToList(json.fieldNames()));
        assertEquals("SGDEV1A2B3C4D", json.get("serial").asText());
        assertEquals("https://gw.example:8081/admin/v1/devices/finalize", json.get("scope").asText());
        assertEquals(enrollment.publicKeyPem(), json.get("public_key").asText());
        byte[] der = Base64.getDecoder().decode(json.get("signature").asText());
        assertEquals(0x30, der[0], "a DER SEQUENCE, not r||s");
        assertEquals(request, FinalizeRequest.parse(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> iterableToList(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    @Test
    void absentOptionalFieldsAreLeftOutOfTheBody() throws Exception {
        JsonNode json = JSON.readTree(enrollment.finalizeRequest(null, "", null).toJson());

        assertEquals(List.of("serial", "scope", "public_key", "signature"), iterableToList(json.fieldNames()));
        FinalizeRequest parsed = FinalizeRequest.parse(enrollment.finalizeRequest(null, "", null).toJson()
                .getBytes(StandardCharsets.UTF_8));
        assertNull(parsed.passphrase());
    }

    @Test
    void thePrivateKeyIsAPkcs8PemReadableByItsOwnerOnly() throws Exception {
        Path file = dir.resolve("device-key.pem");

        enrollment.writePrivateKey(file);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String pem = Files.readString(file);
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"), pem.substring(0, 30));
        assertEquals(enrollment.privateKey(), Pem.ecPrivateKey(pem));
    }

    @Test
    void anExistingKeyFileIsNeverOverwritten() throws Exception {
        Path file = dir.resolve("device-key.pem");
        Files.writeString(file, "another device's key");

        assertThrows(FileAlreadyExistsException.class, () -> enrollment.writePrivateKey(file));
        assertEquals("another device's key", Files.readString(file));
    }

    @Test
    void noSecretReachesAToStringOrAnError() throws Exception {
        FinalizeRequest request = enrollment.finalizeRequest("Pixel", "8", "correct horse");
        String privatePem = Pem.privateKey(enrollment.privateKey());
        String privateBase64 = privatePem.lines().skip(1).findFirst().orElseThrow();

        for (String shown : List.of(request.toString(), enrollment.toString())) {
            assertFalse(shown.contains("correct horse"), shown);
            assertFalse(shown.contains(request.signatureBase64()), shown);
            assertFalse(shown.contains(privateBase64), shown);
        }
        String withPassphrase = "{\"serial\": \"SGDEV1A2B3C4D\", \"passphrase\": \"correct horse\", \"scope\": [1";
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> FinalizeRequest.parse(withPassphrase.getBytes(StandardCharsets.UTF_8)));
        assertFalse(bad.getMessage().contains("correct horse"), bad.getMessage());
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> FinalizeRequest.parse("{\"passphrase\": {\"correct horse\": 1}}".getBytes(StandardCharsets.UTF_8)));
        assertFalse(wrongType.getMessage().contains("correct horse"), wrongType.getMessage());
        IllegalArgumentException notAKey = assertThrows(IllegalArgumentException.class,
                () -> Pem.ecPrivateKey(privatePem.replace("PRIVATE KEY", "EC PRIVATE KEY")));
        assertFalse(notAKey.getMessage().contains(privateBase64), notAKey.getMessage());
        assertFalse(new PassphraseHash(new byte[16], new byte[32], 1).toString().contains("0"));
    }
}
