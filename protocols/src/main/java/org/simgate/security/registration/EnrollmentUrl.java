package org.simgate.security.registration;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the QR code carries to the device: everything it needs to finalize, nothing secret (the
 * passphrase, when there is one, travels another way).
 * <pre>
 * simgate-enroll://register?serial=SGDEV1A2B3C4D&amp;nonce=&lt;40 hex&gt;&amp;time=2026-11-24T09%3A00%3A00Z
 *     &amp;ttl=600&amp;url=https%3A%2F%2Fgw.example%3A8081%2Fadmin%2Fv1%2Fdevices%2Ffinalize&amp;client=alice-phone&amp;passphrase=0
 * </pre>
 * Values are URL-encoded (UTF-8); {@code ttl} is in seconds; {@code url} is the finalize URL, which
 * is also the {@code scope} the device signs; {@code passphrase=1} says the admin set one.
 * Parameters a newer server adds are ignored.
 */
public record EnrollmentUrl(String serial, String nonce, Instant timestamp, Duration ttl, String finalizeUrl,
        String client, boolean passphraseRequired) {
    public static final String PREFIX = "simgate-enroll://register?";

    public EnrollmentUrl {
        if (!RegistrationIds.isSerial(serial)) {
            throw new IllegalArgumentException("enrollment URL: serial is not SGDEV and 8 hex digits");
        }
        if (!RegistrationIds.isNonce(nonce)) {
            throw new IllegalArgumentException("enrollment URL: nonce is not 40 lowercase hex digits");
        }
        if (timestamp == null || timestamp.getNano() != 0) {
            throw new IllegalArgumentException("enrollment URL: time is not an ISO-8601 UTC time to the second");
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("enrollment URL: ttl is not a positive number of seconds");
        }
        if (finalizeUrl == null || !(finalizeUrl.startsWith("https://") || finalizeUrl.startsWith("http://"))) {
            throw new IllegalArgumentException("enrollment URL: url is not an http(s) URL");
        }
        if (!RegistrationIds.isClient(client)) {
            throw new IllegalArgumentException("enrollment URL: client is not 1-64 letters, digits, '.', '_', '@' or '-'");
        }
    }

    /** The key id the device will sign requests under once registered. */
    public String keyId() {
        return RegistrationIds.keyIdOf(serial);
    }

    public Instant expiresAt() {
        return timestamp.plus(ttl);
    }

    /** The URL itself, as the QR code carries it. */
    public String uri() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("serial", serial);
        query.put("nonce", nonce);
        query.put("time", RegistrationMessage.timestamp(timestamp));
        query.put("ttl", Long.toString(ttl.toSeconds()));
        query.put("url", finalizeUrl);
        query.put("client", client);
        query.put("passphrase", passphraseRequired ? "1" : "0");
        StringBuilder uri = new StringBuilder(PREFIX);
        query.forEach((name, value) -> {
            if (uri.length() > PREFIX.length()) {
                uri.append('&');
            }
            uri.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        return uri.toString();
    }

    @Override
    public String toString() {
        return uri();
    }

    /** The fields of an enrollment URL, as a device scans it; errors name the parameter, never its value. */
    public static EnrollmentUrl parse(String uri) {
        if (uri == null || !uri.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a simgate enrollment URL (it starts " + PREFIX + ")");
        }
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : uri.substring(PREFIX.length()).split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = pair.substring(0, eq);
            String value;
            try {
                value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("enrollment URL: " + name + " is not URL-encoded");
            }
            if (query.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException("enrollment URL: " + name + " appears twice");
            }
        }
        Instant time;
        try {
            time = Instant.parse(required(query, "time"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("enrollment URL: time is not an ISO-8601 UTC time");
        }
        long ttlSeconds;
        try {
            ttlSeconds = Long.parseLong(required(query, "ttl"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("enrollment URL: ttl is not a number of seconds");
        }
        String passphrase = query.getOrDefault("passphrase", "0");
        if (!passphrase.equals("0") && !passphrase.equals("1")) {
            throw new IllegalArgumentException("enrollment URL: passphrase is neither 0 nor 1");
        }
        return new EnrollmentUrl(required(query, "serial"), required(query, "nonce"), time,
                Duration.ofSeconds(ttlSeconds), required(query, "url"), required(query, "client"), passphrase.equals("1"));
    }

    private static String required(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null) {
            throw new IllegalArgumentException("enrollment URL: no " + name + " parameter");
        }
        return value;
    }
}
