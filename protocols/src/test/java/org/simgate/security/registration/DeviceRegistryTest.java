package org.simgate.security.registration;

import org.simgate.security.MutableClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.security.keys.DeviceKey;

class DeviceRegistryTest {
    private static final URI BASE = URI.create("https://gw.example:8081");
    private static final String FINALIZE = "https://gw.example:8081/admin/v1/devices/finalize";

    @TempDir
    Path stateDir;
    MutableClock clock;
    DeviceRegistry registry;

    @BeforeEach
    void open() throws IOException {
        clock = new MutableClock(Instant.parse("2026-11-24T09:00:00.250Z"));
        registry = DeviceRegistry.open(stateDir, BASE, clock);
    }

    private static FinalizeOutcome.Refused refused(FinalizeOutcome outcome) {
        return assertInstanceOf(FinalizeOutcome.Refused.class, outcome);
    }

    private static RegisteredDevice registered(FinalizeOutcome outcome) {
        return assertInstanceOf(FinalizeOutcome.Registered.class, outcome,
                () -> "refused: " + outcome).device();
    }

    // --- the happy path

    @Test
    void aRegistrationIsAChallengeForOneClientShownAsAnEnrollmentUrl() throws IOException {
        Registration registration = registry.create("alice-phone");

        assertTrue(registration.serial().matches("SGDEV[0-9A-F]{8}"), registration.serial());
        assertTrue(registration.nonce().matches("[0-9a-f]{40}"), registration.nonce());
        assertEquals(Instant.parse("2026-11-24T09:00:00Z"), registration.timestamp());
        assertEquals(Duration.ofMinutes(10), registration.ttl());
        assertEquals(FINALIZE, registration.scope());
        assertEquals("dev-" + registration.serial(), registration.keyId());
        assertEquals("simgate-enroll://register?serial=" + registration.serial() + "&nonce=" + registration.nonce()
                + "&time=2026-11-24T09%3A00%3A00Z&ttl=600"
                + "&url=https%3A%2F%2Fgw.example%3A8081%2Fadmin%2Fv1%2Fdevices%2Ffinalize&client=alice-phone&passphrase=0",
                registration.enrollmentUrl().uri());
        assertEquals(List.of(registration), registry.pending());
        RegistrationResponse shown = RegistrationResponse.of(registration);
        assertEquals("2026-11-24T09:10:00Z", shown.expiresAt());
        assertEquals(600, shown.ttlSeconds());
        assertEquals(registration.enrollmentUrl().uri(), shown.enrollmentUrl());
    }

    @Test
    void aDeviceThatSignsTheChallengeIsRegisteredAndItsKeyFound() throws IOException {
        Registration registration = registry.create("alice-phone");
        DeviceEnrollment device = DeviceEnrollment.start(EnrollmentUrl.parse(registration.enrollmentUrl().uri()));
        clock.advance(Duration.ofMinutes(3));

        RegisteredDevice added = registered(registry.finalizeRegistration(device.finalizeRequest("Raspberry Pi", "4B", null)));

        assertEquals("dev-" + registration.serial(), added.keyId());
        assertEquals("alice-phone", added.client());
        assertEquals("Raspberry Pi", added.deviceBrand());
        assertEquals("4B", added.deviceModel());
        assertEquals(Instant.parse("2026-11-24T09:03:00Z"), added.registeredAt());
        DeviceKey key = registry.find(added.keyId()).orElseThrow();
        assertEquals(device.keyId(), key.keyId());
        assertEquals("alice-phone", key.client());
        assertFalse(key.revoked());
        assertEquals(device.publicKeyPem(), Pem.publicKey(key.publicKey()));
        assertTrue(registry.pending().isEmpty());
        assertEquals(List.of(added), registry.devices());
        FinalizeResponse response = FinalizeResponse.of(added);
        assertEquals("ecdsa-p384-sha384", response.algorithm());
        assertEquals("2026-11-24T09:03:00Z", response.registeredAt());
    }

    @Test
    void theRegisteredKeyVerifiesWhatTheDeviceSignsWithItsStoredPrivateKey() throws Exception {
        DeviceEnrollment device = DeviceEnrollment.start(registry.create("edge-1").enrollmentUrl());
        Path keyFile = stateDir.resolve("device-key.pem");
        device.writePrivateKey(keyFile);
        registered(registry.finalizeRegistration(device.finalizeRequest(null, null, null)));

        Signature signer = Signature.getInstance("SHA384withECDSA");
        signer.initSign(Pem.ecPrivateKey(Files.readString(keyFile)));
        signer.update("a request".getBytes());
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA384withECDSA");
        verifier.initVerify(registry.find(device.keyId()).orElseThrow().publicKey());
        verifier.update("a request".getBytes());
        assertTrue(verifier.verify(signature));
    }

    @Test
    void aPassphraseSetByTheAdminIsPartOfWhatTheDeviceSigns() throws IOException {
        Registration registration = registry.create("bob-laptop", Duration.ofMinutes(5), "correct horse");
        assertTrue(registration.passphraseRequired());
        assertTrue(registration.enrollmentUrl().uri().endsWith("&passphrase=1"));
        DeviceEnrollment device = DeviceEnrollment.start(registration.enrollmentUrl());

        registered(registry.finalizeRegistration(device.finalizeRequest("Lenovo", "X1", "correct horse")));
    }

    // --- every refusal

    @Test
    void anUnknownSerialIsRefused() throws IOException {
        Registration registration = registry.create("alice-phone");
        DeviceEnrollment device = DeviceEnrollment.start(new EnrollmentUrl("SGDEV00000000", registration.nonce(),
                registration.timestamp(), registration.ttl(), FINALIZE, "alice-phone", false));

        assertEquals(FinalizeRefusal.UNKNOWN_SERIAL, refused(registry.finalizeRegistration(
                device.finalizeRequest(null, null, null))).refusal());
    }

    @Test
    void aRegistrationPastItsTtlIsExpiredAndStaysSo() throws IOException {
        Registration registration = registry.create("alice-phone", Duration.ofMinutes(10), null);
        DeviceEnrollment device = DeviceEnrollment.start(registration.enrollmentUrl());
        clock.advance(Duration.ofMinutes(10));

        assertEquals(FinalizeRefusal.EXPIRED, refused(registry.finalizeRegistration(
                device.finalizeRequest(null, null, null))).refusal());
        assertTrue(registry.pending().isEmpty());
        registry.create("someone-else");
        assertEquals(FinalizeRefusal.EXPIRED, refused(registry.finalizeRegistration(
                device.finalizeRequest(null, null, null))).refusal());
        assertTrue(registry.find(device.keyId()).isEmpty());
    }

    @Test
    void oneSecondBeforeItsTtlARegistrationStillFinalizes() throws IOException {
        Registration registration = registry.create("alice-phone", Duration.ofMinutes(10), null);
        DeviceEnrollment device = DeviceEnrollment.start(registration.enrollmentUrl());
        clock.advance(Duration.ofMinutes(10).minusMillis(251)); // created at :00.250, shown as :00

        registered(registry.finalizeRegistration(device.finalizeRequest(null, null, null)));
    }

    @Test
    void aFinalizedRegistrationCannotBeUsedAgainEvenWithAnotherKey() throws IOException {
        Registration registration = registry.create("alice-phone");
        DeviceEnrollment first = DeviceEnrollment.start(registration.enrollmentUrl());
        DeviceEnrollment second = DeviceEnrollment.start(registration.enrollmentUrl());
        registered(registry.finalizeRegistration(first.finalizeRequest(null, null, null)));

        assertEquals(FinalizeRefusal.ALREADY_USED, refused(registry.finalizeRegistration(
                first.finalizeRequest(null, null, null))).refusal());
        assertEquals(FinalizeRefusal.ALREADY_USED, refused(registry.finalizeRegistration(
                second.finalizeRequest(null, null, null))).refusal());
        assertEquals(first.publicKeyPem(), Pem.publicKey(registry.find(first.keyId()).orElseThrow().publicKey()));
    }

    @Test
    void theScopeIsTheServersFinalizeUrlNotTheDevicesWord() throws IOException {
        Registration registration = registry.create("alice-phone");
        // a device tricked into enrolling with another server's URL signs that URL as scope
        EnrollmentUrl phished = new EnrollmentUrl(registration.serial(), registration.nonce(), registration.timestamp(),
                registration.ttl(), "https://evil.example/admin/v1/devices/finalize", "alice-phone", false);
        DeviceEnrollment device = DeviceEnrollment.start(phished);

        assertEquals(FinalizeRefusal.WRONG_SCOPE, refused(registry.finalizeRegistration(
                device.finalizeRequest(null, null, null))).refusal());
        FinalizeRequest signedForEvil = device.finalizeRequest(null, null, null);
        FinalizeRequest relabelled = new FinalizeRequest(signedForEvil.serial(), FINALIZE, null, null, null,
                signedForEvil.publicKeyPem(), signedForEvil.signatureBase64());
        assertEquals(FinalizeRefusal.BAD_SIGNATURE, refused(registry.finalizeRegistration(relabelled)).refusal());
        FinalizeRequest trailingSlash = new FinalizeRequest(signedForEvil.serial(), FINALIZE + "/", null, null, null,
                signedForEvil.publicKeyPem(), signedForEvil.signatureBase64());
        assertEquals(FinalizeRefusal.WRONG_SCOPE, refused(registry.finalizeRegistration(trailingSlash)).refusal());

        registered(registry.finalizeRegistration(DeviceEnrollment.start(registration.enrollmentUrl())
                .finalizeRequest(null, null, null)));
    }

    @Test
    void aBadSignatureDoesNotConsumeTheChallengeAndTheRealDeviceThenSucceeds() throws IOException {
        Registration registration = registry.create("alice-phone");
        DeviceEnrollment device = DeviceEnrollment.start(registration.enrollmentUrl());
        FinalizeRequest good = device.finalizeRequest("Pixel", "8", null);
        byte[] der = Base64.getDecoder().decode(good.signatureBase64());
        der[der.length - 1] ^= 1;
        FinalizeRequest flipped = new FinalizeRequest(good.serial(), good.scope(), good.deviceBrand(),
                good.deviceModel(), null, good.publicKeyPem(), Base64.getEncoder().encodeToString(der));
        FinalizeRequest notBase64 = new FinalizeRequest(good.serial(), good.scope(), good.deviceBrand(),
                good.deviceModel(), null, good.publicKeyPem(), "not base64!");
        FinalizeRequest notDer = new FinalizeRequest(good.serial(), good.scope(), good.deviceBrand(),
                good.deviceModel(), null, good.publicKeyPem(), "AAAA");

        for (FinalizeRequest bad : List.of(flipped, notBase64, notDer)) {
            assertEquals(FinalizeRefusal.BAD_SIGNATURE, refused(registry.finalizeRegistration(bad)).refusal());
        }
        assertEquals(1, registry.pending().size());
        registered(registry.finalizeRegistration(good));
    }

    @Test
    void aSignatureByAnotherKeyThanTheOneSentIsBad() throws IOException {
        Registration registration = registry.create("alice-phone");
        FinalizeRequest mine = DeviceEnrollment.start(registration.enrollmentUrl()).finalizeRequest(null, null, null);
        FinalizeRequest theirs = DeviceEnrollment.start(registration.enrollmentUrl()).finalizeRequest(null, null, null);
        FinalizeRequest swapped = new FinalizeRequest(mine.serial(), mine.scope(), null, null, null,
                theirs.publicKeyPem(), mine.signatureBase64());

        assertEquals(FinalizeRefusal.BAD_SIGNATURE, refused(registry.finalizeRegistration(swapped)).refusal());
    }

    @Test
    void aFieldChangedAfterSigningBreaksTheSignature() throws IOException {
        Registration registration = registry.create("alice-phone");
        FinalizeRequest signed = DeviceEnrollment.start(registration.enrollmentUrl()).finalizeRequest("Pixel", "8", null);
        FinalizeRequest otherModel = new FinalizeRequest(signed.serial(), signed.scope(), "Pixel", "9", null,
                signed.publicKeyPem(), signed.signatureBase64());
        FinalizeRequest noBrand = new FinalizeRequest(signed.serial(), signed.scope(), null, "8", null,
                signed.publicKeyPem(), signed.signatureBase64());
        // the public key is signed as the exact text sent: the same key re-wrapped is another message
        FinalizeRequest rewrapped = new FinalizeRequest(signed.serial(), signed.scope(), "Pixel", "8", null,
                signed.publicKeyPem().replace("\n", "\r\n"), signed.signatureBase64());

        for (FinalizeRequest tampered : List.of(otherModel, noBrand, rewrapped)) {
            assertEquals(FinalizeRefusal.BAD_SIGNATURE, refused(registry.finalizeRegistration(tampered)).refusal());
        }
        registered(registry.finalizeRegistration(signed));
    }

    @Test
    void aSignatureOverAnotherRegistrationsNonceIsBad() throws IOException {
        Registration mine = registry.create("alice-phone");
        Registration other = registry.create("alice-phone");
        // signed with the other registration's nonce and time under this serial
        DeviceEnrollment device = DeviceEnrollment.start(new EnrollmentUrl(mine.serial(), other.nonce(),
                mine.timestamp(), mine.ttl(), FINALIZE, "alice-phone", false));

        assertEquals(FinalizeRefusal.BAD_SIGNATURE, refused(registry.finalizeRegistration(
                device.finalizeRequest(null, null, null))).refusal());
    }

    @Test
    void onlyAP384PublicKeyPemIsAccepted() throws Exception {
        Registration registration = registry.create("alice-phone");
        EnrollmentUrl url = registration.enrollmentUrl();
        KeyPairGenerator p256 = KeyPairGenerator.getInstance("EC");
        p256.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        FinalizeRequest good = DeviceEnrollment.start(url).finalizeRequest(null, null, null);

        for (KeyPair wrong : List.of(p256.generateKeyPair(), rsa.generateKeyPair())) {
            String algorithm = wrong.getPublic().getAlgorithm().equals("RSA") ? "SHA384withRSA" : "SHA384withECDSA";
            FinalizeRequest signed = signedWith(url, wrong, algorithm);
            assertEquals(FinalizeRefusal.BAD_KEY, refused(registry.finalizeRegistration(signed)).refusal());
        }
        for (String notAKey : List.of("", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
                good.publicKeyPem().replace("PUBLIC KEY", "CERTIFICATE"), "x".repeat(5000))) {
            FinalizeRequest request = new FinalizeRequest(good.serial(), good.scope(), null, null, null, notAKey,
                    good.signatureBase64());
            assertEquals(FinalizeRefusal.BAD_KEY, refused(registry.finalizeRegistration(request)).refusal());
        }
        registered(registry.finalizeRegistration(good));
    }

    /** A finalize request signed as a device would, with any key pair. */
    private static FinalizeRequest signedWith(EnrollmentUrl url, KeyPair pair, String algorithm)
            throws GeneralSecurityException {
        String pem = Pem.publicKey(pair.getPublic());
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(pair.getPrivate());
        signer.update(RegistrationMessage.of(url.nonce(), url.timestamp(), url.serial(), url.finalizeUrl(), null, null,
                null, pem));
        return new FinalizeRequest(url.serial(), url.finalizeUrl(), null, null, null, pem,
                Base64.getEncoder().encodeToString(signer.sign()));
    }

    @Test
    void aWrongOrMissingPassphraseIsRefusedWithoutConsumingTheRegistration() throws IOException {
        Registration registration = registry.create("bob-laptop", Duration.ofMinutes(5), "correct horse");
        DeviceEnrollment device = DeviceEnrollment.start(registration.enrollmentUrl());

        assertEquals(FinalizeRefusal.BAD_PASSPHRASE, refused(registry.finalizeRegistration(
                device.finalizeRequest(null, null, "Correct horse"))).refusal());
        assertEquals(FinalizeRefusal.BAD_PASSPHRASE, refused(registry.finalizeRegistration(
                device.finalizeRequest(null, null, null))).refusal());
        registered(registry.finalizeRegistration(device.finalizeRequest(null, null, "correct horse")));
    }

    @Test
    void aPassphraseWhereNoneWasSetIsWrongToo() throws IOException {
        DeviceEnrollment device = DeviceEnrollment.start(registry.create("alice-phone").enrollmentUrl());

        assertEquals(FinalizeRefusal.BAD_PASSPHRASE, refused(registry.finalizeRegistration(
                device.finalizeRequest(null, null, "guess"))).refusal());
    }

    @Test
    void fiveWrongPassphrasesVoidTheRegistration() throws IOException {
        Registration registration = registry.create("bob-laptop", Duration.ofMinutes(5), "correct horse");
        DeviceEnrollment device = DeviceEnrollment.start(registration.enrollmentUrl());
        for (int i = 0; i < DeviceRegistry.MAX_FAILED_PASSPHRASES; i++) {
            assertEquals(FinalizeRefusal.BAD_PASSPHRASE, refused(registry.finalizeRegistration(
                    device.finalizeRequest(null, null, "guess " + i))).refusal());
        }

        assertEquals(FinalizeRefusal.TOO_MANY_ATTEMPTS, refused(registry.finalizeRegistration(
                device.finalizeRequest(null, null, "correct horse"))).refusal());
        DeviceRegistry reopened = DeviceRegistry.open(stateDir, BASE, clock);
        assertEquals(FinalizeRefusal.TOO_MANY_ATTEMPTS, refused(reopened.finalizeRegistration(
                device.finalizeRequest(null, null, "correct horse"))).refusal());
    }

    @Test
    void aPipeOrControlCharacterInAFieldIsMalformed() throws IOException {
        DeviceEnrollment device = DeviceEnrollment.start(registry.create("alice-phone").enrollmentUrl());
        FinalizeRequest good = device.finalizeRequest(null, null, null);

        for (FinalizeRequest bad : List.of(
                new FinalizeRequest(good.serial(), good.scope(), "Pixel|8", null, null, good.publicKeyPem(), good.signatureBase64()),
                new FinalizeRequest(good.serial(), good.scope(), null, "8\n", null, good.publicKeyPem(), good.signatureBase64()),
                new FinalizeRequest(good.serial(), good.scope(), null, "x".repeat(129), null, good.publicKeyPem(), good.signatureBase64()),
                new FinalizeRequest(null, good.scope(), null, null, null, good.publicKeyPem(), good.signatureBase64()),
                new FinalizeRequest(good.serial(), good.scope(), null, null, null, good.publicKeyPem(), null))) {
            assertEquals(FinalizeRefusal.MALFORMED, refused(registry.finalizeRegistration(bad)).refusal());
        }
        assertEquals(FinalizeRefusal.MALFORMED, refused(registry.finalizeRegistration(null)).refusal());
        registered(registry.finalizeRegistration(good));
    }

    @Test
    void twoDevicesFinalizingOneRegistrationAtOnceRegisterExactlyOne() throws Exception {
        for (int round = 0; round < 5; round++) {
            Registration registration = registry.create("race-" + round);
            int racers = 4;
            List<FinalizeRequest> requests = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                requests.add(DeviceEnrollment.start(registration.enrollmentUrl()).finalizeRequest("racer", "" + i, null));
            }
            ExecutorService pool = Executors.newFixedThreadPool(racers);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<FinalizeOutcome>> outcomes = new ArrayList<>();
                for (FinalizeRequest request : requests) {
                    Callable<FinalizeOutcome> finalize = () -> {
                        start.await();
                        return registry.finalizeRegistration(request);
                    };
                    outcomes.add(pool.submit(finalize));
                }
                start.countDown();
                int registered = 0;
                for (Future<FinalizeOutcome> outcome : outcomes) {
                    FinalizeOutcome o = outcome.get();
                    if (o instanceof FinalizeOutcome.Registered) {
                        registered++;
                    } else {
                        assertEquals(FinalizeRefusal.ALREADY_USED, refused(o).refusal());
                    }
                }
                assertEquals(1, registered);
            } finally {
                pool.shutdownNow();
            }
        }
        assertEquals(5, registry.devices().size());
        assertEquals(5, DeviceRegistry.open(stateDir, BASE, clock).devices().size());
    }

    // --- persistence, listing, revocation

    @Test
    void registrationsAndDevicesSurviveARestart() throws IOException {
        Registration waiting = registry.create("later", Duration.ofHours(1), "pass word");
        DeviceEnrollment device = DeviceEnrollment.start(registry.create("now").enrollmentUrl());
        RegisteredDevice added = registered(registry.finalizeRegistration(device.finalizeRequest("Acme", "One", null)));

        DeviceRegistry reopened = DeviceRegistry.open(stateDir, BASE, clock);

        assertEquals(List.of(added), reopened.devices());
        assertEquals(List.of(waiting), reopened.pending());
        DeviceKey key = reopened.find(device.keyId()).orElseThrow();
        assertEquals(registry.find(device.keyId()).orElseThrow().publicKey(), key.publicKey());
        registered(reopened.finalizeRegistration(DeviceEnrollment.start(waiting.enrollmentUrl())
                .finalizeRequest(null, null, "pass word")));
        assertEquals(FinalizeRefusal.ALREADY_USED, refused(reopened.finalizeRegistration(
                device.finalizeRequest("Acme", "One", null))).refusal());
    }

    @Test
    void theStateFileIsOwnerOnlyAndHoldsNoPassphrase() throws IOException {
        registry.create("bob-laptop", Duration.ofMinutes(5), "correct horse");
        Path file = stateDir.resolve(DeviceRegistry.FILE_NAME);

        assertEquals(file, registry.file());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String json = Files.readString(file);
        assertTrue(json.contains("\"format\" : \"simgate-device-registry 1\""), json);
        assertFalse(json.contains("correct horse"), json);
        assertFalse(Files.exists(stateDir.resolve(DeviceRegistry.FILE_NAME + ".tmp")));
    }

    @Test
    void expiredRegistrationsArePrunedAtStartAndForgottenAfterAWeek() throws IOException {
        Registration registration = registry.create("alice-phone");
        DeviceEnrollment device = DeviceEnrollment.start(registration.enrollmentUrl());
        clock.advance(Duration.ofMinutes(11));

        DeviceRegistry reopened = DeviceRegistry.open(stateDir, BASE, clock);
        assertTrue(reopened.pending().isEmpty());
        assertFalse(Files.readString(reopened.file()).contains(registration.nonce()));
        assertEquals(FinalizeRefusal.EXPIRED, refused(reopened.finalizeRegistration(
                device.finalizeRequest(null, null, null))).refusal());

        clock.advance(Duration.ofDays(7));
        DeviceRegistry weekLater = DeviceRegistry.open(stateDir, BASE, clock);
        assertFalse(Files.readString(weekLater.file()).contains(registration.serial()));
        assertEquals(FinalizeRefusal.UNKNOWN_SERIAL, refused(weekLater.finalizeRegistration(
                device.finalizeRequest(null, null, null))).refusal());
    }

    @Test
    void aRevokedKeyIsFoundRevokedAtOnceAndListenersAreTold() throws IOException {
        DeviceEnrollment device = DeviceEnrollment.start(registry.create("alice-phone").enrollmentUrl());
        registered(registry.finalizeRegistration(device.finalizeRequest(null, null, null)));
        List<String> told = new ArrayList<>();
        registry.onRevoked(told::add);
        registry.onRevoked(keyId -> {
            throw new IllegalStateException("a broken listener does not stop the others or the revocation");
        });
        registry.onRevoked(told::add);
        clock.advance(Duration.ofDays(2));

        RegisteredDevice revoked = registry.revoke(device.keyId()).orElseThrow();

        assertTrue(revoked.revoked());
        assertEquals(Instant.parse("2026-11-26T09:00:00Z"), revoked.revokedAt());
        assertTrue(registry.find(device.keyId()).orElseThrow().revoked());
        assertEquals(List.of(device.keyId(), device.keyId()), told);
        assertTrue(registry.revoke(device.keyId()).orElseThrow().revoked());
        assertEquals(2, told.size(), "revoking twice tells no one twice");
        assertTrue(registry.revoke("dev-SGDEV00000000").isEmpty());
        assertTrue(DeviceRegistry.open(stateDir, BASE, clock).find(device.keyId()).orElseThrow().revoked());
    }

    @Test
    void aCancelledRegistrationIsUnknown() throws IOException {
        Registration registration = registry.create("alice-phone");
        DeviceEnrollment device = DeviceEnrollment.start(registration.enrollmentUrl());

        assertTrue(registry.cancel(registration.serial()));
        assertFalse(registry.cancel(registration.serial()));
        assertEquals(FinalizeRefusal.UNKNOWN_SERIAL, refused(registry.finalizeRegistration(
                device.finalizeRequest(null, null, null))).refusal());
    }

    @Test
    void serialsAndNoncesAreFreshEachTime() throws IOException {
        Registration a = registry.create("alice-phone");
        Registration b = registry.create("alice-phone");

        assertNotEquals(a.serial(), b.serial());
        assertNotEquals(a.nonce(), b.nonce());
    }

    // --- bad admin input

    @Test
    void createRefusesABadClientNameTtlOrPassphraseNamingTheParameter() {
        IllegalArgumentException client = assertThrows(IllegalArgumentException.class, () -> registry.create("a b|c"));
        assertTrue(client.getMessage().startsWith("client name"), client.getMessage());
        IllegalArgumentException ttl = assertThrows(IllegalArgumentException.class,
                () -> registry.create("alice", Duration.ofDays(2), null));
        assertTrue(ttl.getMessage().startsWith("registration TTL"), ttl.getMessage());
        assertThrows(IllegalArgumentException.class, () -> registry.create("alice", Duration.ZERO, null));
        IllegalArgumentException pass = assertThrows(IllegalArgumentException.class,
                () -> registry.create("alice", Duration.ofMinutes(1), "secret|pipe"));
        assertFalse(pass.getMessage().contains("secret"), pass.getMessage());
        assertThrows(IllegalArgumentException.class, () -> registry.create("alice", Duration.ofMinutes(1), ""));
    }

    @Test
    void thePublicBaseUrlMakesTheFinalizeUrl() {
        assertEquals(FINALIZE, DeviceRegistry.finalizeUrlOf(URI.create("https://gw.example:8081/")));
        assertEquals("https://gw.example/simgate/admin/v1/devices/finalize",
                DeviceRegistry.finalizeUrlOf(URI.create("HTTPS://gw.example/simgate/")));
        assertEquals("http://127.0.0.1:8081/admin/v1/devices/finalize",
                DeviceRegistry.finalizeUrlOf(URI.create("http://127.0.0.1:8081")));
        for (String bad : List.of("gw.example", "ftp://gw.example", "https://gw.example/?x=1", "https://u:p@gw.example")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DeviceRegistry.finalizeUrlOf(URI.create(bad)));
            assertFalse(e.getMessage().contains(bad), e.getMessage());
        }
    }
}
