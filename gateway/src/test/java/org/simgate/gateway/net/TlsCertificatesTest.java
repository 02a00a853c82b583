package org.simgate.gateway.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsCertificatesTest {

    @Test
    void selfSignedCertificateIsPublicAndItsKeyTheOwnersAlone(@TempDir Path dir) throws Exception {
        TlsCertificates.PemPair pair = TlsCertificates.selfSigned(dir.resolve("tls"));

        // a local client pins the certificate by reading it (the Debian service's tls/ is 0751)
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(pair.cert())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pair.key())));
        assertEquals(pair.sha256(), TlsCertificates.selfSigned(dir.resolve("tls")).sha256(), "kept, not made again");
    }
}
