package org.simgate.security.registration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registry on disk: one JSON file, readable by its owner only (it holds nonces and passphrase
 * hashes), written as the SQN state file is: to {@code <name>.tmp}, forced, renamed over the file
 * atomically, directory forced, so a crash leaves the old or the new registry, never a mix.
 * <pre>
 * {"format": "simgate-device-registry 1",
 *  "pending": [{"serial", "client", "nonce", "timestamp", "ttl_seconds",
 *               "passphrase": {"algorithm", "iterations", "salt", "hash"} or absent, "failed_passphrases"}],
 *  "expired": [{"serial", "expired_at"}],
 *  "devices": [{"key_id", "client", "serial", "device_brand", "device_model", "public_key",
 *               "registered_at", "revoked_at" or absent}]}
 * </pre>
 * A file that is present but unreadable stops the registry at start: starting empty would forget
 * every device, and starting from a guess could revive a revoked key.
 */
final class RegistryFile {
    static final String FORMAT = "simgate-device-registry 1";
    private static final int MAX_FILE_BYTES = 16 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final HexFormat HEX = HexFormat.of();

    private final Path file;
    private final Path temp;
    private final boolean posix;

    RegistryFile(Path file) {
        this.file = file.toAbsolutePath();
        this.temp = this.file.resolveSibling(this.file.getFileName() + ".tmp");
        this.posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    Path path() {
        return file;
    }

    /** The stored state; the empty registry when there is no file yet. */
    RegistryState load(String scope) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            return RegistryState.EMPTY;
        } catch (IOException e) {
            throw new IOException("device registry file " + file + " cannot be read: " + e.getClass().getSimpleName(), e);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw corrupt("longer than " + MAX_FILE_BYTES + " bytes");
        }
        Content content;
        try {
            content = JSON.readValue(bytes, Content.class);
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the file, which holds nonces and hashes: say only where
            throw corrupt("not the expected JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr());
        }
        if (content == null || !FORMAT.equals(content.format())) {
            throw corrupt("format is not '" + FORMAT + "'");
        }
        return toState(content, scope);
    }

    void store(RegistryState state) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(toContent(state));
        Files.deleteIfExists(temp);
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        try (FileChannel out = FileChannel.open(temp, options, ownerOnly)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory();
    }

    /** Linux and macOS can fsync a directory; Windows cannot open one, and its rename is durable enough. */
    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // not supported here; the rename itself is the commit point
        }
    }

    private RegistryState toState(Content content, String scope) throws IOException {
        Map<String, PendingRegistration> pending = new LinkedHashMap<>();
        for (PendingJson p : list(content.pending())) {
            if (!RegistrationIds.isSerial(p.serial())) {
                throw corrupt("a pending registration has no valid serial");
            }
            String where = "pending registration " + p.serial();
            if (!RegistrationIds.isClient(p.client())) {
                throw corrupt(where + " has no valid client");
            }
            if (!RegistrationIds.isNonce(p.nonce())) {
                throw corrupt(where + " has no valid nonce");
            }
            if (p.ttlSeconds() <= 0) {
                throw corrupt(where + " has no valid ttl_seconds");
            }
            PassphraseHash passphrase = null;
            if (p.passphrase() != null) {
                HashJson h = p.passphrase();
                if (!PassphraseHash.ALGORITHM.equals(h.algorithm()) || h.iterations() <= 0 || h.salt() == null
                        || h.hash() == null) {
                    throw corrupt(where + " has an unusable passphrase hash");
                }
                try {
                    passphrase = new PassphraseHash(HEX.parseHex(h.salt()), HEX.parseHex(h.hash()), h.iterations());
                } catch (IllegalArgumentException e) {
                    throw corrupt(where + " has a passphrase hash that is not hex");
                }
            }
            Registration registration = new Registration(p.serial(), p.client(), p.nonce(),
                    instant(p.timestamp(), where + " timestamp"), Duration.ofSeconds(p.ttlSeconds()), scope,
                    passphrase != null);
            if (pending.put(p.serial(), new PendingRegistration(registration, passphrase,
                    Math.max(0, p.failedPassphrases()))) != null) {
                throw corrupt("serial " + p.serial() + " is pending twice");
            }
        }
        Map<String, Instant> expired = new LinkedHashMap<>();
        for (ExpiredJson e : list(content.expired())) {
            if (!RegistrationIds.isSerial(e.serial())) {
                throw corrupt("an expired registration has no valid serial");
            }
            expired.put(e.serial(), instant(e.expiredAt(), "expired registration " + e.serial() + " expired_at"));
        }
        Map<String, RegisteredDevice> devices = new LinkedHashMap<>();
        for (DeviceJson d : list(content.devices())) {
            if (!RegistrationIds.isSerial(d.serial())
                    || !RegistrationIds.keyIdOf(d.serial()).equals(d.keyId())) {
                throw corrupt("a device has no valid serial and key_id");
            }
            String where = "device " + d.keyId();
            if (!RegistrationIds.isClient(d.client())) {
                throw corrupt(where + " has no valid client");
            }
            if (Pem.p384PublicKey(d.publicKey()).isEmpty()) {
                throw corrupt(where + " has no P-384 public_key");
            }
            Instant revokedAt = d.revokedAt() == null ? null : instant(d.revokedAt(), where + " revoked_at");
            RegisteredDevice device = new RegisteredDevice(d.keyId(), d.client(), d.serial(), orEmpty(d.deviceBrand()),
                    orEmpty(d.deviceModel()), d.publicKey(), instant(d.registeredAt(), where + " registered_at"), revokedAt);
            if (devices.put(d.keyId(), device) != null) {
                throw corrupt(where + " is listed twice");
            }
        }
        return new RegistryState(pending, expired, devices);
    }

    private static Content toContent(RegistryState state) {
        List<PendingJson> pending = new ArrayList<>();
        state.pending().values().forEach(p -> {
            Registration r = p.registration();
            HashJson hash = p.passphrase() == null ? null : new HashJson(PassphraseHash.ALGORITHM,
                    p.passphrase().iterations(), HEX.formatHex(p.passphrase().salt()), HEX.formatHex(p.passphrase().hash()));
            pending.add(new PendingJson(r.serial(), r.client(), r.nonce(), RegistrationMessage.timestamp(r.timestamp()),
                    r.ttl().toSeconds(), hash, p.failedPassphrases()));
        });
        List<ExpiredJson> expired = new ArrayList<>();
        state.expired().forEach((serial, at) -> expired.add(new ExpiredJson(serial, RegistrationMessage.timestamp(at))));
        List<DeviceJson> devices = new ArrayList<>();
        state.devices().values().forEach(d -> devices.add(new DeviceJson(d.keyId(), d.client(), d.serial(),
                d.deviceBrand(), d.deviceModel(), d.publicKeyPem(), RegistrationMessage.timestamp(d.registeredAt()),
                d.revokedAt() == null ? null : RegistrationMessage.timestamp(d.revokedAt()))));
        return new Content(FORMAT, pending, expired, devices);
    }

    private Instant instant(String text, String what) throws IOException {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException | NullPointerException e) {
            throw corrupt(what + " is not an ISO-8601 UTC time");
        }
    }

    private static <T> List<T> list(List<T> maybe) {
        return maybe == null ? List.of() : maybe;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private IOException corrupt(String why) {
        return new IOException("device registry file " + file + " is corrupt (" + why + "); the gateway will not"
                + " start with a guessed registry: restore the file from a backup, or move it away to start with no devices");
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Content(@JsonProperty("format") String format, @JsonProperty("pending") List<PendingJson> pending,
            @JsonProperty("expired") List<ExpiredJson> expired, @JsonProperty("devices") List<DeviceJson> devices) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PendingJson(@JsonProperty("serial") String serial, @JsonProperty("client") String client,
            @JsonProperty("nonce") String nonce, @JsonProperty("timestamp") String timestamp,
            @JsonProperty("ttl_seconds") long ttlSeconds, @JsonProperty("passphrase") HashJson passphrase,
            @JsonProperty("failed_passphrases") int failedPassphrases) {
    }

    record HashJson(@JsonProperty("algorithm") String algorithm, @JsonProperty("iterations") int iterations,
            @JsonProperty("salt") String salt, @JsonProperty("hash") String hash) {
        @Override
        public String toString() {
            return "HashJson[(hidden)]";
        }
    }

    record ExpiredJson(@JsonProperty("serial") String serial, @JsonProperty("expired_at") String expiredAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DeviceJson(@JsonProperty("key_id") String keyId, @JsonProperty("client") String client,
            @JsonProperty("serial") String serial, @JsonProperty("device_brand") String deviceBrand,
            @JsonProperty("device_model") String deviceModel, @JsonProperty("public_key") String publicKey,
            @JsonProperty("registered_at") String registeredAt, @JsonProperty("revoked_at") String revokedAt) {
    }
}
