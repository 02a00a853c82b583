package org.simgate.security.registration;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An enrollment URL as a QR code PNG, black on white, for a phone camera or a screenshot. */
public final class EnrollmentQr {
    public static final int DEFAULT_PIXELS = 400;

    private EnrollmentQr() {
    }

    /**
     * The text as a QR code PNG of {@code pixels} square (ZXing scales the modules to fit and
     * centres them). Error correction M survives a phone photographing a screen; the URL, about
     * 250 characters, fits a version 10 code.
     */
    public static byte[] png(String text, int pixels) {
        if (pixels < 100 || pixels > 4000) {
            throw new IllegalArgumentException("QR code size must be 100 to 4000 pixels");
        }
        try {
            BitMatrix matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, pixels, pixels, Map.of(
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                    EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name(),
                    EncodeHintType.MARGIN, 4));
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            MatrixToImageWriter.writeToStream(matrix, "PNG", png);
            return png.toByteArray();
        } catch (WriterException e) {
            throw new IllegalArgumentException("the text does not fit a QR code", e);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the QR code PNG failed", e);
        }
    }
}
