package org.simgate.e2e.security.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.simgate.e2e.security.rest.SecuredGateway.authBody;
import static org.simgate.e2e.security.rest.SecuredGateway.challenge;

import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mTLS on the HTTPS listener ({@code simgate.auth.client-ca}): a certificate that CA issued names
 * its client (its CN) and is served without a signature, within that client's rights; a client
 * without a certificate signs as usual; a certificate of another CA fails the handshake.
 */
class ClientCertificateTest {
    @TempDir
    static Path dir;
    static SecuredGateway gateway;
    static Issued ca;

    /** A key pair and its certificate. */
    record Issued(KeyPair keys, X509Certificate certificate) {
    }

    @BeforeAll
    static void start() throws Exception {
        ca = certificate("simgate test CA", null);
        Path caFile = dir.resolve("client-ca.pem");
        Files.writeString(caFile, pem(ca.certificate()));
        gateway = SecuredGateway.start(dir, "client-ca = " + com.typesafe.config.ConfigUtil.quoteString(caFile.toString()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** A self-signed CA ({@code issuer} null), or a client certificate that {@code issuer} signs. */
    static Issued certificate(String commonName, Issued issuer) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=" + commonName + ",O=simgate tests");
        X500Name issuerName = issuer == null ? subject
                : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(1))), subject, keys.getPublic());
        if (issuer == null) {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        }
        KeyPair signing = issuer == null ? keys : issuer.keys();
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signing.getPrivate())));
        return new Issued(keys, certificate);
    }

    static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    /**
     * A client presenting that certificate whatever CAs the server asks for (as curl --cert does;
     * Java's own key manager would quietly send none that the server's CA did not issue).
     */
    static SignedHttp presenting(Issued client, Issued issuer) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("client", client.keys().getPrivate(), new char[0],
                new Certificate[] {client.certificate(), issuer.certificate()});
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, new char[0]);
        X509ExtendedKeyManager keys = (X509ExtendedKeyManager) factory.getKeyManagers()[0];
        KeyManager always = new X509ExtendedKeyManager() {
            @Override
            public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
                return "client";
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return "client";
            }

            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return new String[] {"client"};
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return null;
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return keys.getCertificateChain(alias);
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return keys.getPrivateKey(alias);
            }
        };
        return new SignedHttp(gateway.tls(new KeyManager[] {always}));
    }

    private static URI https(String path) {
        return gateway.uri("https", path);
    }

    @Test
    void aCertificateOfTheClientCaIsServedWithoutASignatureWithinItsClientsRights() throws Exception {
        SignedHttp client = presenting(certificate("lab-cert", ca), ca);

        SignedHttp.Response info = client.get(null, https("/sim-info-api/v1/slot/0"));
        assertEquals(200, info.status(), info.body());
        assertEquals("001010000000001", info.json().path("imsi").asText());
        assertEquals(200, client.get(null, https("/?type=imsi&slot=0")).status());

        long before = gateway.settledSlotOperations();
        assertEquals(403, client.get(null, https("/sim-info-api/v1/slot/1")).status());
        assertEquals(403, client.post(null, https("/sim-auth-api/v1/slot/0"), authBody(challenge())).status());
        assertEquals(before, gateway.slotOperations());
    }

    @Test
    void aCertificateNamingNoConfiguredClientMayDoNothing() throws Exception {
        SignedHttp stranger = presenting(certificate("stranger", ca), ca);

        assertEquals(403, stranger.get(null, https("/sim-info-api/v1/slot/0")).status());
    }

    @Test
    void withoutACertificateTheClientSigns() throws Exception {
        SignedHttp plain = gateway.client();

        assertEquals(401, plain.get(null, https("/sim-info-api/v1/slot/0")).status());
        assertEquals(200, plain.get(gateway.signer(gateway.lab), https("/sim-info-api/v1/slot/0")).status());
    }

    @Test
    void aCertificateOfAnotherCaFailsTheHandshake() throws Exception {
        Issued otherCa = certificate("another CA", null);
        SignedHttp impostor = presenting(certificate("lab-cert", otherCa), otherCa);
        long before = gateway.settledSlotOperations();

        assertThrows(UncheckedIOException.class, () -> impostor.get(null, https("/sim-info-api/v1/slot/0")));
        assertEquals(before, gateway.slotOperations());
    }
}
