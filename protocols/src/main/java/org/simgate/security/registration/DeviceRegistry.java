package org.simgate.security.registration;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.simgate.security.keys.DeviceKey;
import org.simgate.security.keys.DeviceKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device registration after privacyIDEA's smartphone container: an admin creates a registration
 * for a client name; the device proves it holds a P-384 key by signing the registration's
 * challenge ({@link RegistrationMessage}) and becomes key {@code dev-<serial>}, under which it
 * signs its requests with {@code ecdsa-p384-sha384}.
 *
 * <p>Every change is written to the state file before it takes effect, so what a caller was told
 * survives a crash. Finalizing is atomic: of two devices racing with valid signatures for one
 * registration, exactly one is registered and the other hears ALREADY_USED. Only success (or
 * expiry, or too many wrong passphrases) consumes a registration: a request with a bad signature,
 * key or scope leaves it for the real device. {@link #find} takes no lock: request verifiers call it
 * on every request, and it sees a revocation as soon as {@link #revoke} returns.
 */
public final class DeviceRegistry implements DeviceKeys {
    public static final String FINALIZE_PATH = "/admin/v1/devices/finalize";
    public static final String FILE_NAME = "devices.json";
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
    public static final Duration MAX_TTL = Duration.ofDays(1);
    /** After this many wrong passphrases the registration is void: a passphrase is short, a QR code can be seen. */
    static final int MAX_FAILED_PASSPHRASES = 5;
    /** Brand, model and passphrase; anything longer is not a device description. */
    static final int MAX_FIELD_CHARS = 128;
    private static final int MAX_SIGNATURE_CHARS = 256;
    private static final Logger log = LoggerFactory.getLogger(DeviceRegistry.class);

    private final RegistryFile file;
    private final String scope;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final List<Consumer<String>> revocationListeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    /** Guarded by {@link #lock}; replaced only after the file holds it. */
    private RegistryState state;
    /** What {@link #find} reads, rebuilt from {@link #state} whenever devices change. */
    private volatile Map<String, DeviceKey> keys = Map.of();
    /** The devices of {@link #keys} not revoked, counted when it is rebuilt. */
    private volatile int unrevoked;

    private DeviceRegistry(RegistryFile file, String scope, Clock clock, RegistryState loaded) {
        this.file = file;
        this.scope = scope;
        this.clock = clock;
        this.state = loaded;
        this.keys = keysOf(loaded, Map.of());
        this.unrevoked = unrevokedIn(keys);
    }

    /**
     * The registry kept in {@value #FILE_NAME} under that directory (created if missing), its finalize
     * URL {@code publicBaseUrl} + {@value #FINALIZE_PATH}. Pending registrations past their TTL are
     * pruned now. A corrupt file is an error here, not an empty registry.
     *
     * @param publicBaseUrl how devices reach the management listener, e.g. {@code https://gw.example:8081}
     *     (a path prefix of a reverse proxy is kept)
     */
    public static DeviceRegistry open(Path stateDirectory, URI publicBaseUrl, Clock clock) throws IOException {
        String scope = finalizeUrlOf(publicBaseUrl);
        Path directory = stateDirectory.toAbsolutePath();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new IOException("device registry directory " + directory + " cannot be created: " + e, e);
        }
        RegistryFile registryFile = new RegistryFile(directory.resolve(FILE_NAME));
        RegistryState loaded = registryFile.load(scope);
        RegistryState pruned = loaded.pruned(clock.instant());
        if (pruned != loaded) {
            registryFile.store(pruned);
        }
        return new DeviceRegistry(registryFile, scope, clock, pruned);
    }

    static String finalizeUrlOf(URI publicBaseUrl) {
        String scheme = publicBaseUrl.getScheme() == null ? "" : publicBaseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!publicBaseUrl.isAbsolute() || !(scheme.equals("https") || scheme.equals("http"))
                || publicBaseUrl.getHost() == null || publicBaseUrl.getRawQuery() != null
                || publicBaseUrl.getRawFragment() != null || publicBaseUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException(
                    "device registration: the public base URL must be an absolute http(s) URL without user, query or fragment");
        }
        String path = publicBaseUrl.getRawPath() == null ? "" : publicBaseUrl.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        try {
            URI base = new URI(scheme, null, publicBaseUrl.getHost(), publicBaseUrl.getPort(), null, null, null);
            return base + path + FINALIZE_PATH;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("device registration: the public base URL has no usable host", e);
        }
    }

    /** The server's finalize URL: where devices POST, and the scope they must sign. */
    public String finalizeUrl() {
        return scope;
    }

    public Path file() {
        return file.path();
    }

    /** A registration for that client with the default TTL (10 minutes) and no passphrase. */
    public Registration create(String client) throws IOException {
        return create(client, DEFAULT_TTL, null);
    }

    /**
     * A new registration for that client name, valid for {@code ttl} (whole seconds, at most a day).
     *
     * @param passphrase null for none; else 1 to {@value #MAX_FIELD_CHARS} characters without '|' or control
     *     characters, which the admin tells the device's owner by another way than the QR code
     * @throws IllegalArgumentException naming the parameter that is wrong, never its value
     * @throws IOException when the registration cannot be written; nothing was created then
     */
    public Registration create(String client, Duration ttl, String passphrase) throws IOException {
        if (!RegistrationIds.isClient(client)) {
            throw new IllegalArgumentException("client name must be 1 to 64 letters, digits, '.', '_', '@' or '-',"
                    + " starting with a letter or digit");
        }
        if (ttl == null || ttl.toSeconds() < 1 || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("registration TTL must be 1 second to " + MAX_TTL.toHours() + " hours");
        }
        if (passphrase != null && (passphrase.isEmpty() || !isPlainField(passphrase))) {
            throw new IllegalArgumentException("registration passphrase must be 1 to " + MAX_FIELD_CHARS
                    + " characters without '|' or control characters");
        }
        PassphraseHash hash = passphrase == null ? null : PassphraseHash.of(passphrase, random);
        synchronized (lock) {
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            RegistryState current = state.pruned(now);
            String serial;
            do {
                serial = "SGDEV" + HexFormat.of().withUpperCase().formatHex(randomBytes(4));
            } while (current.knows(serial));
            Registration registration = new Registration(serial, client, HexFormat.of().formatHex(randomBytes(20)), now,
                    Duration.ofSeconds(ttl.toSeconds()), scope, hash != null);
            commit(current.withPending(new PendingRegistration(registration, hash, 0)));
            log.info("device registration {} created for client {}, expires {}", serial, client,
                    RegistrationMessage.timestamp(registration.expiresAt()));
            return registration;
        }
    }

    /**
     * Checks a device's finalize request and, when everything holds, registers its key and consumes
     * the registration, atomically. The message checked is built from the server's own nonce,
     * timestamp, serial and finalize URL, and the request's brand, model, passphrase and key text.
     *
     * @throws IOException when the new device cannot be written; it is not registered then, and the
     *     registration is still pending
     */
    public FinalizeOutcome finalizeRegistration(FinalizeRequest request) throws IOException {
        if (!isWellFormed(request)) {
            return refused(request == null ? null : request.serial(), FinalizeRefusal.MALFORMED);
        }
        String serial = request.serial();
        PendingRegistration entry;
        synchronized (lock) {
            FinalizeRefusal closed = whyClosed(serial, clock.instant());
            if (closed != null) {
                return refused(serial, closed);
            }
            entry = state.pending().get(serial);
        }
        if (!scope.equals(request.scope())) {
            return refused(serial, FinalizeRefusal.WRONG_SCOPE);
        }
        Optional<ECPublicKey> key = Pem.p384PublicKey(request.publicKeyPem());
        if (key.isEmpty()) {
            return refused(serial, FinalizeRefusal.BAD_KEY);
        }
        Registration registration = entry.registration();
        byte[] message = RegistrationMessage.of(registration.nonce(), registration.timestamp(), serial, scope,
                request.deviceBrand(), request.deviceModel(), request.passphrase(), request.publicKeyPem());
        if (!isValidSignature(key.get(), message, request.signatureBase64())) {
            return refused(serial, FinalizeRefusal.BAD_SIGNATURE);
        }
        // The slow parts (signature, PBKDF2) ran outside the lock; now decide against the state as it is
        boolean passphraseMatches = entry.passphrase() == null
                ? request.passphrase() == null || request.passphrase().isEmpty()
                : entry.passphrase().matches(request.passphrase());
        synchronized (lock) {
            Instant now = clock.instant();
            FinalizeRefusal closed = whyClosed(serial, now);
            if (closed != null) {
                return refused(serial, closed);
            }
            if (!passphraseMatches) {
                commitEvenIfUnwritten(state.withPending(state.pending().get(serial).withFailedPassphrase()));
                return refused(serial, FinalizeRefusal.BAD_PASSPHRASE);
            }
            RegisteredDevice device = new RegisteredDevice(RegistrationIds.keyIdOf(serial), registration.client(), serial,
                    orEmpty(request.deviceBrand()), orEmpty(request.deviceModel()), Pem.publicKey(key.get()),
                    now.truncatedTo(ChronoUnit.SECONDS), null);
            commit(state.withDevice(serial, device));
            log.info("device {} registered for client {}", device.keyId(), device.client());
            return new FinalizeOutcome.Registered(device);
        }
    }

    /** The device's key, revoked ones included (with {@code revoked} set); empty for a key id never registered. */
    @Override
    public Optional<DeviceKey> find(String keyId) {
        return keyId == null ? Optional.empty() : Optional.ofNullable(keys.get(keyId));
    }

    @Override
    public int unrevokedCount() {
        return unrevoked;
    }

    /** Every registered device, revoked ones included, in the order they registered. */
    public List<RegisteredDevice> devices() {
        synchronized (lock) {
            return List.copyOf(state.devices().values());
        }
    }

    /** Registrations still waiting for their device and not yet expired, oldest first. */
    public List<Registration> pending() {
        Instant now = clock.instant();
        List<Registration> open = new ArrayList<>();
        synchronized (lock) {
            state.pending().values().forEach(p -> {
                if (now.isBefore(p.registration().expiresAt())) {
                    open.add(p.registration());
                }
            });
        }
        return open;
    }

    /**
     * Revokes the key at once: from when this returns, {@link #find} reports it revoked, and every
     * {@link #onRevoked} listener has been told (so open connections signed with it can be closed).
     * Revoking a revoked key changes nothing and tells no one.
     *
     * @return the device as it is now, or empty when no device has that key id
     */
    public Optional<RegisteredDevice> revoke(String keyId) throws IOException {
        RegisteredDevice revoked;
        synchronized (lock) {
            RegisteredDevice device = keyId == null ? null : state.devices().get(keyId);
            if (device == null || device.revoked()) {
                return Optional.ofNullable(device);
            }
            RegistryState next = state.withRevoked(keyId, clock.instant().truncatedTo(ChronoUnit.SECONDS));
            commit(next);
            revoked = next.devices().get(keyId);
        }
        log.info("device {} of client {} revoked", keyId, revoked.client());
        for (Consumer<String> listener : revocationListeners) {
            try {
                listener.accept(keyId);
            } catch (RuntimeException e) {
                log.warn("a revocation listener failed for device {}", keyId, e);
            }
        }
        return Optional.of(revoked);
    }

    /** Withdraws a pending registration, e.g. a QR code shown to the wrong person. */
    public boolean cancel(String serial) throws IOException {
        synchronized (lock) {
            if (serial == null || !state.pending().containsKey(serial)) {
                return false;
            }
            commit(state.withoutPending(serial));
            log.info("device registration {} cancelled", serial);
            return true;
        }
    }

    /** Called with the key id each time a key is revoked, on the revoking thread, after the revocation is stored. */
    public void onRevoked(Consumer<String> listener) {
        revocationListeners.add(listener);
    }

    /** Why that serial cannot be finalized now, or null when it can; an expired registration is moved out of pending. */
    private FinalizeRefusal whyClosed(String serial, Instant now) {
        if (state.devices().containsKey(RegistrationIds.keyIdOf(serial))) {
            return FinalizeRefusal.ALREADY_USED;
        }
        PendingRegistration entry = state.pending().get(serial);
        if (entry != null) {
            if (!now.isBefore(entry.registration().expiresAt())) {
                commitEvenIfUnwritten(state.pruned(now));
                return FinalizeRefusal.EXPIRED;
            }
            return entry.failedPassphrases() >= MAX_FAILED_PASSPHRASES ? FinalizeRefusal.TOO_MANY_ATTEMPTS : null;
        }
        return state.expired().containsKey(serial) ? FinalizeRefusal.EXPIRED : FinalizeRefusal.UNKNOWN_SERIAL;
    }

    private void commit(RegistryState next) throws IOException {
        file.store(next);
        apply(next);
    }

    /**
     * For changes that only make the registry stricter (a counted wrong passphrase, an expiry): they
     * take effect even when the disk refuses them, and are written with the next change that succeeds.
     */
    private void commitEvenIfUnwritten(RegistryState next) {
        try {
            file.store(next);
        } catch (IOException e) {
            log.warn("device registry file {} could not be written: {}", file.path(), e.toString());
        }
        apply(next);
    }

    private void apply(RegistryState next) {
        boolean devicesChanged = !next.devices().equals(state.devices());
        state = next;
        if (devicesChanged) {
            keys = keysOf(next, keys);
            unrevoked = unrevokedIn(keys);
        }
    }

    private static int unrevokedIn(Map<String, DeviceKey> keys) {
        return (int) keys.values().stream().filter(key -> !key.revoked()).count();
    }

    private static Map<String, DeviceKey> keysOf(RegistryState state, Map<String, DeviceKey> previous) {
        Map<String, DeviceKey> next = new HashMap<>();
        for (RegisteredDevice device : state.devices().values()) {
            DeviceKey old = previous.get(device.keyId());
            ECPublicKey publicKey = old != null ? old.publicKey() : Pem.p384PublicKey(device.publicKeyPem()).orElseThrow();
            next.put(device.keyId(), new DeviceKey(device.keyId(), device.client(), publicKey, device.revoked()));
        }
        return Map.copyOf(next);
    }

    private static boolean isValidSignature(ECPublicKey key, byte[] message, String signatureBase64) {
        if (signatureBase64.length() > MAX_SIGNATURE_CHARS) {
            return false;
        }
        try {
            byte[] der = Base64.getDecoder().decode(signatureBase64);
            Signature verifier = Signature.getInstance(P384.SIGNATURE_ALGORITHM);
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(der);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean isWellFormed(FinalizeRequest request) {
        return request != null && request.serial() != null && request.scope() != null
                && request.publicKeyPem() != null && request.signatureBase64() != null
                && isOptionalField(request.deviceBrand()) && isOptionalField(request.deviceModel())
                && isOptionalField(request.passphrase());
    }

    private static boolean isOptionalField(String field) {
        return field == null || isPlainField(field);
    }

    /** Short, and nothing that could shift a field of the signed message or a log line. */
    private static boolean isPlainField(String field) {
        if (field.length() > MAX_FIELD_CHARS) {
            return false;
        }
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '|' || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }

    private FinalizeOutcome refused(String serial, FinalizeRefusal refusal) {
        // the serial is the device's word: logged only when it has the shape of one
        String shown = RegistrationIds.isSerial(serial) ? serial : "(not a serial)";
        log.info("device registration {} refused: {}", shown, refusal);
        return new FinalizeOutcome.Refused(refusal);
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
