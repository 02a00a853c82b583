package org.simgate.e2e.security.rest;

import org.simgate.e2e.Http;
import org.simgate.e2e.security.TestPki;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.simgate.e2e.security.rest.SecuredGateway.authBody;
import static org.simgate.e2e.security.rest.SecuredGateway.challenge;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
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
    static TestPki pki;

    @BeforeAll
    static void start() throws Exception {
        pki = new TestPki(dir.resolve("pki"));
        gateway = SecuredGateway.start(dir, "client-ca = " + com.typesafe.config.ConfigUtil.quoteString(pki.caPem().toString()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /**
     * A client presenting that certificate whatever CAs the server asks for (as curl --cert does;
     * Java's own key manager would quietly send none that the server's CA did not issue).
     */
    static SignedHttp presenting(TestPki.Issued client, TestPki issuer) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("client", client.keys().getPrivate(), new char[0],
                new Certificate[] {client.certificate(), issuer.caCertificate()});
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
        SignedHttp client = presenting(pki.client("lab-cert"), pki);

        Http.Response info = client.get(null, https("/sim-info-api/v1/slot/0"));
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
        SignedHttp stranger = presenting(pki.client("stranger"), pki);

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
        TestPki otherCa = new TestPki(dir.resolve("other-pki"));
        SignedHttp impostor = presenting(otherCa.client("lab-cert"), otherCa);
        long before = gateway.settledSlotOperations();

        assertThrows(UncheckedIOException.class, () -> impostor.get(null, https("/sim-info-api/v1/slot/0")));
        assertEquals(before, gateway.slotOperations());
    }
}
