package org.simgate.e2e.security.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.e2e.security.rest.SecuredGateway.authBody;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AuthenticationVector;
import org.simgate.security.keys.SharedKey;
import org.simgate.security.registration.DeviceEnrollment;
import org.simgate.security.registration.DeviceRegistry;
import org.simgate.security.registration.FinalizeRequest;
import org.simgate.security.registration.Registration;
import org.simgate.security.signature.RequestSigner;
import org.slf4j.LoggerFactory;

/**
 * Every logger at DEBUG, the audit trail included, is captured while clients use both REST
 * listeners with authentication on: signed and refused requests, a device that registers with a
 * passphrase and signs, replays, tampering, ACL refusals, throttling. No captured line may hold a
 * key's secret, a signature, a nonce, a passphrase, a device's private key, RAND, AUTN, RES, CK or
 * IK. The audit lines say who did what where and how it ended.
 */
class NoSecretInAnyLogTest {
    private static final Pattern SIGNATURE = Pattern.compile("sig1=:([^:]+):");
    private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");

    private final LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger netty = logging.getLogger("io.netty");
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final List<Appender<ILoggingEvent>> consoles = new ArrayList<>();
    private Level rootLevel;
    private Level nettyLevel;
    /** What each secret is, by the text that must not appear. */
    private final Map<String, String> secrets = new TreeMap<>();

    @BeforeEach
    void captureEveryLoggerAtDebug() {
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            consoles.add(it.next());
        }
        consoles.forEach(root::detachAppender);
        captured.setContext(logging);
        captured.start();
        root.addAppender(captured);
        rootLevel = root.getLevel();
        nettyLevel = netty.getLevel();
        root.setLevel(Level.DEBUG);
        netty.setLevel(Level.DEBUG);
    }

    @AfterEach
    void restoreLogging() {
        root.detachAppender(captured);
        captured.stop();
        consoles.forEach(root::addAppender);
        root.setLevel(rootLevel);
        netty.setLevel(nettyLevel);
    }

    private void bytes(String name, byte[] value) {
        secrets.put(HexFormat.of().formatHex(value), name);
        secrets.put(HexFormat.of().withUpperCase().formatHex(value), name);
        secrets.put(Base64.getEncoder().encodeToString(value), name);
    }

    private void text(String name, String value) {
        secrets.put(value, name);
    }

    /** The request's signature and nonce are secrets of the log too. */
    private HttpRequest remember(HttpRequest request) {
        String input = request.headers().firstValue("Signature-Input").orElse("");
        String signature = request.headers().firstValue("Signature").orElse("");
        Matcher nonce = NONCE.matcher(input);
        if (nonce.find()) {
            text("nonce", nonce.group(1));
        }
        Matcher value = SIGNATURE.matcher(signature);
        if (value.find()) {
            text("signature", value.group(1));
        }
        return request;
    }

    private SignedHttp.Response signedAka(SignedHttp http, RequestSigner signer, URI uri, boolean served) {
        AuthenticationVector vector = SecuredGateway.challenge();
        bytes("RAND", vector.rand());
        bytes("AUTN", vector.autn());
        SignedHttp.Response response = http.send(remember(SignedHttp.signed(signer, "POST", uri, authBody(vector))));
        if (served) {
            assertEquals(200, response.status(), response.body());
            bytes("RES", vector.xres());
            bytes("CK", vector.ck());
            bytes("IK", vector.ik());
        }
        return response;
    }

    private List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(captured.list)) {
            lines.add(event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy())));
        }
        return lines;
    }

    @Test
    void noSecretOfAnyKindReachesALogLineAndTheAuditSaysWhoDidWhat(@TempDir Path dir) throws Exception {
        try (SecuredGateway gateway = SecuredGateway.start(dir)) {
            SignedHttp http = gateway.client();
            for (SharedKey key : List.of(gateway.lab, gateway.expired, gateway.reader, gateway.ci)) {
                bytes("shared key " + key.id(), key.secret());
            }
            for (String scheme : List.of("http", "https")) {
                URI slot0 = gateway.uri(scheme, "/sim-auth-api/v1/slot/0");
                signedAka(http, gateway.signer(gateway.lab), slot0, true);
                // a replay, a tampered body, an expired and a forged key, no signature at all
                HttpRequest once = remember(SignedHttp.signed(gateway.signer(gateway.lab), "GET",
                        gateway.uri(scheme, "/sim-info-api/v1/slot/0"), null));
                assertEquals(200, http.send(once).status());
                assertEquals(401, http.send(once).status());
                Map<String, String> fields = SignedHttp.fields(gateway.signer(gateway.lab), "POST", slot0, "{\"rand\":\"00\"}");
                AuthenticationVector tampered = SecuredGateway.challenge();
                bytes("RAND", tampered.rand());
                assertEquals(401, http.send(remember(SignedHttp.request("POST", slot0, authBody(tampered), fields))).status());
                assertEquals(401, signedAka(http, gateway.signer(gateway.expired), slot0, false).status());
                assertEquals(401, signedAka(http, RequestSigner.hmac(SecuredGateway.key("lab-1", "lab", "lab-a", 8, null),
                        gateway.clock), slot0, false).status());
                assertEquals(401, http.post(null, slot0, authBody(SecuredGateway.challenge())).status());
                // refused by the ACL, and throttled
                assertEquals(403, signedAka(http, gateway.signer(gateway.reader), gateway.uri(scheme, "/sim-auth-api/v1/slot/1"),
                        false).status());
            }
            signedAka(http, gateway.signer(gateway.ci), gateway.uri("http", "/sim-auth-api/v1/slot/1"), true);
            signedAka(http, gateway.signer(gateway.ci), gateway.uri("http", "/sim-auth-api/v1/slot/1"), true);
            assertEquals(429, signedAka(http, gateway.signer(gateway.ci), gateway.uri("http", "/sim-auth-api/v1/slot/1"),
                    false).status());

            // a device registers with a passphrase (once wrong), then signs
            String passphrase = "correct horse battery staple";
            text("passphrase", passphrase);
            Registration registration = gateway.gateway().devices().create("phone", Duration.ofMinutes(5), passphrase);
            DeviceEnrollment device = DeviceEnrollment.start(registration.enrollmentUrl());
            bytes("device private key", device.privateKey().getEncoded());
            URI finalize = gateway.uri("https", DeviceRegistry.FINALIZE_PATH);
            FinalizeRequest wrong = device.finalizeRequest("Pi", "4B", "wrong passphrase, also secret");
            text("wrong passphrase", "wrong passphrase, also secret");
            text("finalize signature", wrong.signatureBase64());
            assertEquals(403, http.post(null, finalize, wrong.toJson()).status());
            FinalizeRequest right = device.finalizeRequest("Pi", "4B", passphrase);
            text("finalize signature", right.signatureBase64());
            assertEquals(200, http.post(null, finalize, right.toJson()).status());
            RequestSigner phone = RequestSigner.ecdsa(device.keyId(), (ECPrivateKey) device.privateKey(), gateway.clock);
            signedAka(http, phone, gateway.uri("https", "/sim-auth-api/v1/slot/1"), true);
            HttpRequest usim = remember(SignedHttp.signed(phone, "GET", gateway.uri("http", "/?type=imsi&slot=1"), null));
            assertEquals(200, http.send(usim).status());
            gateway.gateway().devices().revoke(device.keyId());
            assertEquals(401, signedAka(http, phone, gateway.uri("https", "/sim-auth-api/v1/slot/1"), false).status());
        }

        List<String> lines = lines();
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("DEBUG")), "DEBUG was captured: " + lines);
        secrets.keySet().removeIf(value -> value.length() < 8); // nothing that short is in the list, but never match noise
        assertTrue(secrets.values().containsAll(List.of("RES", "CK", "IK", "RAND", "AUTN", "nonce", "signature",
                "passphrase", "device private key", "finalize signature")), secrets.values().toString());
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            for (String line : lines) {
                assertFalse(line.contains(secret.getKey()), secret.getValue() + " logged: " + line);
            }
        }

        List<String> audit = lines.stream().filter(line -> line.startsWith("INFO simgate.audit ")).toList();
        assertTrue(audit.stream().anyMatch(line -> line.contains(" protocol=rest ") && line.contains(" client=lab-a slot=0 "
                + "operation=aka outcome=ok latency_us=")), audit.toString());
        assertTrue(audit.stream().anyMatch(line -> line.contains(" client=- slot=0 operation=info outcome=unauthenticated:REPLAY ")),
                audit.toString());
        assertTrue(audit.stream().anyMatch(line -> line.contains(" client=- slot=0 operation=aka outcome=unauthenticated:BAD_DIGEST ")),
                audit.toString());
        assertTrue(audit.stream().anyMatch(line -> line.contains("outcome=unauthenticated:EXPIRED_KEY ")), audit.toString());
        assertTrue(audit.stream().anyMatch(line -> line.contains("outcome=unauthenticated:BAD_SIGNATURE ")), audit.toString());
        assertTrue(audit.stream().anyMatch(line -> line.contains("outcome=unauthenticated:MISSING ")), audit.toString());
        assertTrue(audit.stream().anyMatch(line -> line.contains(" client=reader slot=1 operation=aka outcome=forbidden ")),
                audit.toString());
        assertTrue(audit.stream().anyMatch(line -> line.contains(" client=ci slot=1 operation=aka outcome=throttled ")),
                audit.toString());
        assertTrue(audit.stream().anyMatch(line -> line.contains(" client=- slot=- operation=device-finalize outcome=bad-passphrase ")),
                audit.toString());
        assertTrue(audit.stream().anyMatch(line -> line.contains(" client=phone slot=- operation=device-finalize outcome=ok ")),
                audit.toString());
        assertTrue(audit.stream().anyMatch(line -> line.contains(" client=phone slot=1 operation=info outcome=ok ")),
                audit.toString());
        assertTrue(audit.stream().anyMatch(line -> line.contains("outcome=unauthenticated:REVOKED_KEY ")), audit.toString());
        assertTrue(audit.stream().allMatch(line -> line.contains(" peer=127.0.0.1:")), audit.toString());
        assertEquals(0, audit.stream().filter(line -> line.contains("/health")).count());
    }
}
