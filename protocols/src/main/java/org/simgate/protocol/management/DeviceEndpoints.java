package org.simgate.protocol.management;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.simgate.security.registration.DeviceRegistry;
import org.simgate.security.registration.RegisteredDevice;
import org.simgate.security.registration.Registration;
import org.simgate.security.registration.RegistrationResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device registration admin API (docs/registration.md): create a registration, list the
 * pending ones, show one and its QR code, cancel it; list devices, revoke a device's key. The
 * registry writes its file before it answers, so the work runs on {@code executor}, never on an
 * event loop. Without a registry (authentication off) every route is 404.
 *
 * <p>Each request acts only on the clients its admin covers ({@code AccessPolicy.covers}: their
 * slots and operations within the admin's): registering for another client is 403, and the
 * registrations and devices of other clients are left out of lists and answered 404, as if
 * there were none — an admin of one slot cannot give itself every slot through a device.
 */
final class DeviceEndpoints {
    private static final Logger log = LoggerFactory.getLogger(DeviceEndpoints.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NO_REGISTRY = "device registration needs simgate.auth.required = true";

    private final DeviceRegistry registry;
    private final Executor executor;

    /** @param registry null when authentication is off */
    DeviceEndpoints(DeviceRegistry registry, Executor executor) {
        this.registry = registry;
        this.executor = executor;
    }

    /** One device route's work, on the registry's thread: the body, the path's serial or key id, who it may act on. */
    @FunctionalInterface
    interface Work {
        FullHttpResponse answer(DeviceEndpoints endpoints, byte[] body, String name, Predicate<String> manages)
                throws IOException;
    }

    /**
     * The answer to a device route; the request is read here, on the caller's thread, and not kept.
     *
     * @param name    the path's serial or key id, else null
     * @param manages the clients whose registrations and devices this request may act on
     */
    CompletableFuture<FullHttpResponse> answer(Work work, FullHttpRequest request, String name,
                                               Predicate<String> manages) {
        if (registry == null) {
            return CompletableFuture.completedFuture(ManagementResponses.error(HttpResponseStatus.NOT_FOUND, NO_REGISTRY));
        }
        byte[] body = ByteBufUtil.getBytes(request.content());
        return CompletableFuture.supplyAsync(() -> {
            try {
                return work.answer(this, body, name, manages);
            } catch (IOException e) {
                log.warn("device registry file {} could not be written: {}", registry.file(), e.toString());
                return ManagementResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                        "the device registry could not be written; nothing changed");
            }
        }, executor);
    }

    FullHttpResponse registrations(byte[] body, String name, Predicate<String> manages) {
        return ManagementResponses.json(HttpResponseStatus.OK, Map.of("registrations",
                registry.pending().stream().filter(r -> manages.test(r.client())).map(RegistrationResponse::of).toList()));
    }

    FullHttpResponse registration(byte[] body, String serial, Predicate<String> manages) {
        return pending(serial, manages).map(r -> ManagementResponses.json(HttpResponseStatus.OK, RegistrationResponse.of(r)))
                .orElseGet(() -> noRegistration(serial));
    }

    FullHttpResponse qrCode(byte[] body, String serial, Predicate<String> manages) {
        return pending(serial, manages).map(DeviceEndpoints::png).orElseGet(() -> noRegistration(serial));
    }

    FullHttpResponse cancel(byte[] body, String serial, Predicate<String> manages) throws IOException {
        return pending(serial, manages).isPresent() && registry.cancel(serial)
                ? ManagementResponses.json(HttpResponseStatus.OK, Map.of("cancelled", serial))
                : noRegistration(serial);
    }

    FullHttpResponse devices(byte[] body, String name, Predicate<String> manages) {
        return ManagementResponses.json(HttpResponseStatus.OK, Map.of("devices",
                registry.devices().stream().filter(d -> manages.test(d.client())).map(DeviceEndpoints::device).toList()));
    }

    /** {@code {"client": "alice-phone", "ttl": 600, "passphrase": "…"}}: ttl (seconds) and passphrase optional. */
    FullHttpResponse register(byte[] body, String name, Predicate<String> manages) throws IOException {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            return badRequest("the body must be JSON: {\"client\": \"…\", \"ttl\": 600, \"passphrase\": \"…\"}");
        }
        if (json == null || !json.isObject()) {
            return badRequest("the body must be a JSON object: {\"client\": \"…\", \"ttl\": 600, \"passphrase\": \"…\"}");
        }
        JsonNode client = json.get("client");
        JsonNode ttl = json.get("ttl");
        JsonNode passphrase = json.get("passphrase");
        if (client == null || !client.isTextual()) {
            return badRequest("client: must be a client name");
        }
        if (ttl != null && !ttl.isNull() && !ttl.canConvertToLong()) {
            return badRequest("ttl: must be whole seconds");
        }
        if (passphrase != null && !passphrase.isNull() && !passphrase.isTextual()) {
            return badRequest("passphrase: must be text");
        }
        if (!manages.test(client.asText())) {
            return ManagementResponses.error(HttpResponseStatus.FORBIDDEN, "this client may register devices only"
                    + " for clients whose slots and operations are within its own");
        }
        Duration lifetime = ttl == null || ttl.isNull() ? DeviceRegistry.DEFAULT_TTL : Duration.ofSeconds(ttl.asLong());
        Registration registration;
        try {
            registration = registry.create(client.asText(), lifetime,
                    passphrase == null || passphrase.isNull() ? null : passphrase.asText());
        } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage()); // names the parameter, never its value
        }
        FullHttpResponse created = ManagementResponses.json(HttpResponseStatus.CREATED, RegistrationResponse.of(registration));
        created.headers().set(HttpHeaderNames.LOCATION, "/admin/v1/devices/registrations/" + registration.serial());
        return created;
    }

    private Optional<Registration> pending(String serial, Predicate<String> manages) {
        return registry.pending().stream().filter(r -> r.serial().equals(serial) && manages.test(r.client()))
                .findFirst();
    }

    /** Revokes a device of a client this admin covers; any other key id is answered as unknown. */
    FullHttpResponse revoke(byte[] body, String keyId, Predicate<String> manages) throws IOException {
        boolean managed = registry.devices().stream()
                .anyMatch(d -> d.keyId().equals(keyId) && manages.test(d.client()));
        Optional<RegisteredDevice> revoked = managed ? registry.revoke(keyId) : Optional.empty();
        return revoked.map(d -> ManagementResponses.json(HttpResponseStatus.OK, device(d)))
                .orElseGet(() -> ManagementResponses.error(HttpResponseStatus.NOT_FOUND, "no device " + keyId));
    }

    private static FullHttpResponse png(Registration registration) {
        byte[] png = registration.qrPng();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(png));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "image/png")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, png.length);
        return response;
    }

    /** A device as the admin lists it; its public key is left out, it is the registry's business. */
    static Map<String, Object> device(RegisteredDevice device) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("key_id", device.keyId());
        row.put("client", device.client());
        row.put("serial", device.serial());
        row.put("device_brand", device.deviceBrand());
        row.put("device_model", device.deviceModel());
        row.put("algorithm", "ecdsa-p384-sha384");
        row.put("registered_at", device.registeredAt() == null ? null : device.registeredAt().toString());
        row.put("revoked_at", device.revokedAt() == null ? null : device.revokedAt().toString());
        return row;
    }

    private static FullHttpResponse noRegistration(String serial) {
        return ManagementResponses.error(HttpResponseStatus.NOT_FOUND, "no pending registration " + serial);
    }

    private static FullHttpResponse badRequest(String message) {
        return ManagementResponses.error(HttpResponseStatus.BAD_REQUEST, message);
    }
}
