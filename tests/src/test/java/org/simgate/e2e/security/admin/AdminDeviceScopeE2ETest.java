package org.simgate.e2e.security.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.security.MutableClock;
import org.simgate.security.registration.DeviceEnrollment;
import org.simgate.security.registration.EnrollmentUrl;
import org.simgate.security.registration.FinalizeOutcome;
import org.simgate.security.signature.RequestSigner;

/**
 * An admin of some slots cannot give itself every slot through a device (issue 18, item 1), over
 * the management listener's socket: {@code one} (admin on slot 1) may register, see and revoke
 * devices only of clients within its own slots and operations — {@code one-tool} (admin on slot
 * 1), not {@code lab} (aka and info everywhere) nor {@code root} (everything everywhere).
 */
class AdminDeviceScopeE2ETest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROOT_SECRET = "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf";

    @TempDir
    Path dir;
    private AdminGateway gw;

    @BeforeEach
    void start() throws Exception {
        String keys = AdminGateway.KEYS.substring(0, AdminGateway.KEYS.lastIndexOf('}'))
                + "  root { client = root, keys = [ { id = root-1, secret = \"hex:" + ROOT_SECRET + "\" } ] }\n}\n";
        Files.writeString(dir.resolve("keys.conf"), keys);
        gw = AdminGateway.start(dir, new MutableClock(Instant.now()), """
                simgate.auth.clients {
                  root { slots = "*", operations = [aka, info, apdu, relay, admin] }
                  one-tool { slots = [1], operations = [admin] }
                }
                """);
    }

    @AfterEach
    void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> register(String keyId, String client) {
        return gw.signed(keyId, "POST", "/admin/v1/devices/registrations", "{\"client\": \"" + client + "\"}");
    }

    /** A registration root creates and its device finalizes: the device's enrollment, with its key. */
    private DeviceEnrollment device(String client) throws Exception {
        HttpResponse<String> created = register("root-1", client);
        assertEquals(201, created.statusCode(), created.body());
        DeviceEnrollment enrollment = DeviceEnrollment.start(EnrollmentUrl.parse(json(created).get("enrollment_url").asText()));
        FinalizeOutcome outcome = gw.gateway.devices().finalizeRegistration(enrollment.finalizeRequest("Pi", "4B", null));
        assertTrue(outcome instanceof FinalizeOutcome.Registered, outcome.toString());
        return enrollment;
    }

    private List<String> listed(String keyId, String path, String array, String field) throws Exception {
        HttpResponse<String> list = gw.signed(keyId, "GET", path, null);
        assertEquals(200, list.statusCode(), list.body());
        List<String> values = new ArrayList<>();
        json(list).get(array).forEach(row -> values.add(row.get(field).asText()));
        return values;
    }

    @Test
    void aSlotAdminCannotRegisterADeviceForAClientWithMoreRights() throws Exception {
        for (String client : List.of("root", "lab", "ops")) {
            HttpResponse<String> refused = register("one-1", client);
            assertEquals(403, refused.statusCode(), client + ": " + refused.body());
        }
        assertEquals(List.of(), listed("root-1", "/admin/v1/devices/registrations", "registrations", "client"),
                "nothing was registered");

        HttpResponse<String> created = register("one-1", "one-tool");
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(201, register("one-1", "someone-unlisted").statusCode(), "a client with no rights at all");
    }

    @Test
    void aSlotAdminSeesAndRevokesOnlyTheDevicesOfClientsWithinItsRights() throws Exception {
        DeviceEnrollment labDevice = device("lab");
        DeviceEnrollment toolDevice = device("one-tool");
        HttpResponse<String> pendingForLab = register("root-1", "lab");
        String labSerial = json(pendingForLab).get("serial").asText();

        assertEquals(List.of("one-tool"), listed("one-1", "/admin/v1/devices", "devices", "client"));
        assertEquals(List.of("lab", "one-tool"), listed("root-1", "/admin/v1/devices", "devices", "client"));
        assertEquals(List.of(), listed("one-1", "/admin/v1/devices/registrations", "registrations", "serial"));
        assertEquals(404, gw.signed("one-1", "GET", "/admin/v1/devices/registrations/" + labSerial, null).statusCode());
        assertEquals(404, gw.signed("one-1", "GET", "/admin/v1/devices/registrations/" + labSerial + "/qr.png", null)
                .statusCode());
        assertEquals(404, gw.signed("one-1", "DELETE", "/admin/v1/devices/registrations/" + labSerial, null).statusCode());
        assertEquals(List.of(labSerial), listed("root-1", "/admin/v1/devices/registrations", "registrations", "serial"),
                "one could not cancel it");

        assertEquals(404, gw.signed("one-1", "POST", "/admin/v1/devices/" + labDevice.keyId() + "/revoke", null).statusCode());
        assertEquals(404, gw.signed("one-1", "DELETE", "/admin/v1/devices/" + labDevice.keyId(), null).statusCode());
        RequestSigner lab = RequestSigner.ecdsa(labDevice.keyId(), (ECPrivateKey) labDevice.privateKey(), Clock.systemUTC());
        assertFalse(gw.gateway.devices().find(labDevice.keyId()).orElseThrow().revoked(), "lab's device still works");

        HttpResponse<String> revoked = gw.signed("one-1", "POST", "/admin/v1/devices/" + toolDevice.keyId() + "/revoke", null);
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertTrue(gw.gateway.devices().find(toolDevice.keyId()).orElseThrow().revoked());
        assertEquals(403, gw.send("GET", "/admin/v1/slots", null,
                lab.sign("GET", gw.origin() + "/admin/v1/slots", new byte[0])).statusCode(), "lab may not admin");
    }
}
