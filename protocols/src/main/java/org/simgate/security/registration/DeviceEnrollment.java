package org.simgate.security.registration;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Base64;

/**
 * The device's side of registration: from the scanned enrollment URL, a fresh P-384 key pair, the
 * signed finalize request to POST to {@link EnrollmentUrl#finalizeUrl()}, and the private key saved
 * for signing requests later.
 * <pre>
 * DeviceEnrollment enrollment = DeviceEnrollment.start(EnrollmentUrl.parse(scanned));
 * enrollment.writePrivateKey(Path.of("device-key.pem"));            // 0600, never overwritten
 * String body = enrollment.finalizeRequest("Raspberry Pi", "4B", null).toJson();
 * // POST body to enrollment.url().finalizeUrl(); on 200 sign requests as enrollment.keyId()
 * </pre>
 */
public final class DeviceEnrollment {
    private final EnrollmentUrl url;
    private final KeyPair keyPair;
    private final String publicKeyPem;

    private DeviceEnrollment(EnrollmentUrl url, KeyPair keyPair) {
        this.url = url;
        this.keyPair = keyPair;
        this.publicKeyPem = Pem.publicKey(keyPair.getPublic());
    }

    /** An enrollment for that URL with a new P-384 key pair. */
    public static DeviceEnrollment start(EnrollmentUrl url) {
        return new DeviceEnrollment(url, P384.generateKeyPair(new SecureRandom()));
    }

    /** An enrollment with a key pair made elsewhere (a P-384 pair, else the server refuses it as BAD_KEY). */
    public static DeviceEnrollment withKeyPair(EnrollmentUrl url, KeyPair keyPair) {
        return new DeviceEnrollment(url, keyPair);
    }

    public EnrollmentUrl url() {
        return url;
    }

    /** The key id the device signs requests under once the server has registered it. */
    public String keyId() {
        return url.keyId();
    }

    public String publicKeyPem() {
        return publicKeyPem;
    }

    public PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    /**
     * The finalize request, signed: ECDSA-SHA-384 (DER, base64) over {@link RegistrationMessage} with
     * the URL's nonce, time, serial and finalize URL as scope. Null or empty brand, model and
     * passphrase are absent from the request and signed as empty strings.
     */
    public FinalizeRequest finalizeRequest(String deviceBrand, String deviceModel, String passphrase) {
        String brand = emptyToNull(deviceBrand);
        String model = emptyToNull(deviceModel);
        String pass = emptyToNull(passphrase);
        byte[] message = RegistrationMessage.of(url.nonce(), url.timestamp(), url.serial(), url.finalizeUrl(), brand,
                model, pass, publicKeyPem);
        try {
            Signature signer = Signature.getInstance(P384.SIGNATURE_ALGORITHM);
            signer.initSign(keyPair.getPrivate());
            signer.update(message);
            String signature = Base64.getEncoder().encodeToString(signer.sign());
            return new FinalizeRequest(url.serial(), url.finalizeUrl(), brand, model, pass, publicKeyPem, signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with the device's EC key failed", e);
        }
    }

    /**
     * Writes the private key as a PKCS#8 PEM to a new file, readable and writable by its owner only
     * from the moment it exists. An existing file is never overwritten: it may be another device's key.
     */
    public void writePrivateKey(Path file) throws IOException {
        FileAttribute<?>[] ownerOnly = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Files.createFile(file, ownerOnly);
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
            out.write(Pem.privateKey(keyPair.getPrivate()).getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Override
    public String toString() {
        return "DeviceEnrollment[serial=" + url.serial() + ", client=" + url.client() + ", private key hidden]";
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
