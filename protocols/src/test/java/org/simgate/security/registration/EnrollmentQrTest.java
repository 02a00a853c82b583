package org.simgate.security.registration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrollmentQrTest {
    @TempDir
    Path stateDir;

    /**
     * A generated image is a pure code (no perspective, whole quiet zone): read it as one. ZXing's
     * finder-pattern search without the hint misses about one random enrollment URL in a few hundred
     * (FormatException), a quirk of its detector, not of the code.
     */
    static String decode(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }

    /** Serial and nonce are random: every code the registry makes must scan, not most of them. */
    @Test
    void everyRegistrationsCodeScans() throws Exception {
        DeviceRegistry registry = DeviceRegistry.open(stateDir, URI.create("https://simgate.example.org:8081/gateway"),
                Clock.fixed(Instant.parse("2026-11-24T09:00:00Z"), ZoneOffset.UTC));
        for (int i = 0; i < 100; i++) {
            Registration registration = registry.create("a-rather-long.client-name@site-42", Duration.ofHours(24), "pass");
            assertEquals(registration.enrollmentUrl().uri(), decode(registration.qrPng()), "registration " + i);
            registry.cancel(registration.serial());
        }
    }

    @Test
    void theQrCodeIsAPngThatScansBackToTheEnrollmentUrl() throws Exception {
        DeviceRegistry registry = DeviceRegistry.open(stateDir, URI.create("https://simgate.example.org:8081/gateway"),
                Clock.fixed(Instant.parse("2026-11-24T09:00:00Z"), ZoneOffset.UTC));
        Registration registration = registry.create("a-rather-long.client-name@site-42", Duration.ofHours(24), "pass");

        byte[] png = registration.qrPng();

        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(EnrollmentQr.DEFAULT_PIXELS, image.getWidth());
        assertEquals(registration.enrollmentUrl().uri(), decode(png));
        assertEquals(registration.enrollmentUrl(), EnrollmentUrl.parse(decode(png)));
    }

    @Test
    void anotherSizeScansToo() throws Exception {
        byte[] png = EnrollmentQr.png(EnrollmentUrlTest.EXAMPLE, 200);

        assertEquals(200, ImageIO.read(new ByteArrayInputStream(png)).getWidth());
        assertEquals(EnrollmentUrlTest.EXAMPLE, decode(png));
    }
}
