package org.simgate.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Function;
import org.simgate.security.keys.KeyFile;
import org.simgate.security.keys.KeyFileError;
import org.simgate.security.keys.KeyRing;
import org.simgate.security.keys.SharedKey;
import org.simgate.security.registration.Pem;
import org.simgate.security.signature.RequestSigner;

/**
 * The key the client signs its HTTP requests with (RFC 9421, docs/security.md): a shared
 * hmac-sha256 key from a server-style key file or from the environment, or a registered device's
 * P-384 key. Secrets come from files and the environment, never from the command line, and no
 * message here quotes one.
 */
final class ClientKey {
    /** An HMAC-SHA-256 key shorter than its output only weakens it; the server refuses it the same way. */
    private static final int MIN_SECRET_BYTES = 32;

    private final RequestSigner signer;
    private final String keyId;

    private ClientKey(RequestSigner signer, String keyId) {
        this.signer = signer;
        this.keyId = keyId;
    }

    /**
     * The key the options name, or null when they name none.
     *
     * @param keyFile   a key file as the server reads it; with {@code group}: its newest usable key, with
     *                  {@code keyId}: that key
     * @param secretEnv an environment variable holding {@code keyId}'s secret: base64, or {@code hex:…} / {@code base64:…}
     * @param deviceKey a device's private key PEM ({@code client enroll --key-out}), signing as {@code keyId}
     */
    static ClientKey of(String keyId, Path keyFile, String group, String secretEnv, Path deviceKey,
                        Function<String, String> environment, Clock clock) {
        int sources = (keyFile != null ? 1 : 0) + (secretEnv != null ? 1 : 0) + (deviceKey != null ? 1 : 0);
        if (sources > 1) {
            throw new UsageError("give one of --key-file, --secret-env and --device-key");
        }
        if (group != null && keyFile == null) {
            throw new UsageError("--key-group picks a key of --key-file; give --key-file too");
        }
        if (sources == 0) {
            if (keyId != null) {
                throw new UsageError("--key-id needs its key: --key-file, --secret-env or --device-key");
            }
            return null;
        }
        if (keyFile != null) {
            return fromKeyFile(keyFile, group, keyId, environment, clock);
        }
        if (keyId == null) {
            throw new UsageError((secretEnv != null ? "--secret-env" : "--device-key")
                    + " needs --key-id, the key id the server knows the key by");
        }
        if (secretEnv != null) {
            byte[] secret = secret(secretEnv, environment.apply(secretEnv));
            return new ClientKey(RequestSigner.hmac(new SharedKey(keyId, "client", "client", secret, null, false), clock),
                    keyId);
        }
        String pem;
        try {
            pem = Files.readString(deviceKey);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --device-key " + deviceKey + ": " + e.getClass().getSimpleName());
        }
        try {
            return new ClientKey(RequestSigner.ecdsa(keyId, Pem.ecPrivateKey(pem), clock), keyId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--device-key " + deviceKey + ": " + e.getMessage());
        }
    }

    private static ClientKey fromKeyFile(Path file, String group, String keyId, Function<String, String> environment,
                                         Clock clock) {
        if (group == null && keyId == null) {
            throw new UsageError("--key-file needs --key-group (sign with its newest key) or --key-id");
        }
        KeyRing ring;
        try {
            ring = KeyFile.parse(file.toString(), Files.readAllBytes(file), environment);
        } catch (KeyFileError e) {
            throw new IllegalArgumentException(e.getMessage()); // names the file and the key, never a value
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --key-file " + file + ": " + e.getClass().getSimpleName());
        }
        SharedKey key;
        if (keyId != null) {
            key = ring.find(keyId).filter(k -> group == null || k.group().equals(group))
                    .orElseThrow(() -> new IllegalArgumentException("no key " + keyId
                            + (group != null ? " in group " + group : "") + " in " + file));
            if (!key.usableAt(clock.instant())) {
                throw new IllegalArgumentException("key " + keyId + " in " + file + " is " + (key.revoked() ? "revoked" : "expired"));
            }
        } else {
            key = ring.signingKey(group, clock.instant()).orElseThrow(() -> new IllegalArgumentException(
                    ring.groups().contains(group) ? "group " + group + " in " + file + " has no usable key (all expired or revoked)"
                            : "no group " + group + " in " + file));
        }
        return new ClientKey(RequestSigner.hmac(key, clock), key.id());
    }

    private static byte[] secret(String variable, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("environment variable " + variable + " is not set");
        }
        String text = value.strip();
        byte[] secret;
        try {
            if (text.startsWith("hex:")) {
                secret = HexFormat.of().parseHex(text.substring(4).strip());
            } else {
                String b64 = text.startsWith("base64:") ? text.substring(7).strip() : text;
                secret = b64.indexOf('-') >= 0 || b64.indexOf('_') >= 0
                        ? Base64.getUrlDecoder().decode(b64) : Base64.getDecoder().decode(b64);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("environment variable " + variable
                    + " must hold the secret as base64, base64:… or hex:…");
        }
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("environment variable " + variable + ": the secret must be at least "
                    + MIN_SECRET_BYTES + " bytes");
        }
        return secret;
    }

    String keyId() {
        return keyId;
    }

    /** Adds Content-Digest (with a body), Signature-Input and Signature for this request to the builder. */
    void sign(HttpRequest.Builder request, String method, URI uri, byte[] body) {
        signer.sign(method, targetUri(uri), body).forEach(request::header);
    }

    /**
     * The target URI the server will rebuild from what java.net.http sends: the scheme, the Host
     * header (the URI's host, and its port unless it is the scheme's default) and the raw path and query.
     */
    static String targetUri(URI uri) {
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || scheme.equals("https") && port == 443 || scheme.equals("http") && port == 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return scheme + "://" + uri.getHost() + (defaultPort ? "" : ":" + port) + path
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    @Override
    public String toString() {
        return "ClientKey[" + keyId + ", key redacted]";
    }
}
