package org.simgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code devices register|list|revoke|cancel}: the admin's side of device registration
 * (docs/registration.md), against the management listener's admin API. Requests are signed with the
 * global signing options ({@code --key-file/--key-group}, {@code --key-id} with {@code --secret-env} or
 * {@code --device-key}); the client needs the {@code admin} operation. {@code --trust-cert},
 * {@code --insecure}, {@code --timeout} and {@code -v} apply.
 */
@Command(name = "devices", description = "Register devices, list and revoke them (admin API of the management listener)")
final class DevicesCommand {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TTL = Pattern.compile("(\\d{1,6})([smh]?)");

    @ParentCommand
    private ClientCommand client;

    @Option(names = {"-h", "--help"}, scope = ScopeType.INHERIT, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Option(names = "--admin", scope = ScopeType.INHERIT, paramLabel = "URL", description = "The management listener (default: http://127.0.0.1:8081)")
    private URI admin = AdminClient.DEFAULT_URL;

    @Command(name = "register", description = "Create a registration for a client name: prints the enrollment URL"
            + " (first line), and with --qr writes its QR code")
    int register(
            @Parameters(paramLabel = "CLIENT", description = "The client name the device will act as") String name,
            @Option(names = "--ttl", paramLabel = "TIME", description = "How long the registration stays valid:"
                    + " seconds, or 90s, 10m, 2h (default: 10m)") String ttl,
            @Option(names = "--qr", paramLabel = "FILE.png", description = "Write the QR code PNG here") Path qr,
            @Option(names = "--passphrase-env", paramLabel = "VAR", description = "Set a passphrase, read from this"
                    + " environment variable; tell it to the device's owner another way") String passphraseEnv)
            throws Exception {
        ObjectNode body = JSON.createObjectNode().put("client", name);
        if (ttl != null) {
            body.put("ttl", seconds(ttl));
        }
        if (passphraseEnv != null) {
            String passphrase = System.getenv(passphraseEnv);
            if (passphrase == null) {
                throw new IllegalArgumentException("environment variable " + passphraseEnv + " is not set");
            }
            body.put("passphrase", passphrase);
        }
        AdminClient api = api();
        JsonNode registration = api.post("/admin/v1/devices/registrations", body);
        PrintStream out = client.out();
        String serial = registration.path("serial").asText();
        out.println(registration.path("enrollment_url").asText());
        out.println("registration " + serial + " for client " + registration.path("client").asText()
                + ": key id " + registration.path("key_id").asText() + ", valid until "
                + registration.path("expires_at").asText()
                + (registration.path("passphrase").asBoolean() ? ", passphrase required" : ""));
        if (qr != null) {
            byte[] png = api.getBytes("/admin/v1/devices/registrations/" + serial + "/qr.png");
            Files.write(qr, png);
            out.println("QR code in " + qr);
        }
        return 0;
    }

    @Command(name = "list", description = "List registered devices (revoked ones too) and pending registrations")
    int list() throws Exception {
        AdminClient api = api();
        JsonNode devices = api.get("/admin/v1/devices").path("devices");
        JsonNode pending = api.get("/admin/v1/devices/registrations").path("registrations");
        PrintStream out = client.out();
        out.println(devices.isEmpty() ? "no devices" : "devices:");
        for (JsonNode device : devices) {
            String described = (device.path("device_brand").asText("") + " " + device.path("device_model").asText("")).strip();
            out.println("  " + device.path("key_id").asText() + "  client " + device.path("client").asText()
                    + (described.isEmpty() ? "" : "  " + described)
                    + "  registered " + device.path("registered_at").asText()
                    + (device.path("revoked_at").isTextual() ? "  REVOKED " + device.path("revoked_at").asText() : ""));
        }
        out.println(pending.isEmpty() ? "no pending registrations" : "pending registrations:");
        for (JsonNode registration : pending) {
            out.println("  " + registration.path("serial").asText() + "  client " + registration.path("client").asText()
                    + "  valid until " + registration.path("expires_at").asText()
                    + (registration.path("passphrase").asBoolean() ? "  passphrase" : ""));
        }
        return 0;
    }

    @Command(name = "revoke", description = "Revoke a device's key at once; connections it opened are closed")
    int revoke(@Parameters(paramLabel = "KEYID", description = "The device's key id, dev-SGDEV…") String keyId)
            throws Exception {
        JsonNode device = api().post("/admin/v1/devices/" + pathSegment(keyId, "key id") + "/revoke", null);
        client.out().println("revoked " + device.path("key_id").asText() + " of client " + device.path("client").asText()
                + " at " + device.path("revoked_at").asText());
        return 0;
    }

    @Command(name = "cancel", description = "Withdraw a pending registration (a QR code shown to the wrong person)")
    int cancel(@Parameters(paramLabel = "SERIAL", description = "The registration's serial, SGDEV…") String serial)
            throws Exception {
        api().delete("/admin/v1/devices/registrations/" + pathSegment(serial, "serial"));
        client.out().println("cancelled registration " + serial);
        return 0;
    }

    private AdminClient api() throws Exception {
        if (!"http".equals(admin.getScheme()) && !"https".equals(admin.getScheme())) {
            throw new UsageError("--admin must be http:// or https://");
        }
        return new AdminClient(admin, client.tls(), client.timeout(), client.key(),
                client.verbose() ? client.out()::println : line -> { });
    }

    /** Whole seconds from 600, 600s, 10m or 2h. */
    static long seconds(String ttl) {
        Matcher m = TTL.matcher(ttl.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new UsageError("--ttl must be seconds, or a number with s, m or h (10m)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> n * 60;
            case "h" -> n * 3600;
            default -> n;
        };
    }

    /** Key ids and serials are letters, digits and '-': nothing that could leave its path segment. */
    private static String pathSegment(String value, String what) {
        if (!value.matches("[A-Za-z0-9-]{1,80}")) {
            throw new UsageError("not a " + what + ": letters, digits and '-' only");
        }
        return value;
    }
}
