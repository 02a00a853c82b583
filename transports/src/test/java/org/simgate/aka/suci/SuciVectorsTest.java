package org.simgate.aka.suci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.aka.Vectors.bytes;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.simgate.aka.Vectors;
import org.simgate.transport.Hex;

/**
 * Every vector and example of suci_33501.json (TS 33.501 Annex C.4, open5gs, free5gc) byte for
 * byte: keys, shared secret, KDF output, ciphertext, MAC tag and scheme output, both ways.
 */
class SuciVectorsTest {
    private static final JsonNode FILE = Vectors.file("suci_33501.json");

    /** The ECIES vectors: the four TS cases and open5gs' two, each with its profile. */
    static Stream<Arguments> eciesVectors() {
        List<Arguments> vectors = new ArrayList<>();
        for (String name : List.of("profile_a", "profile_a_nai", "profile_b", "profile_b_nai")) {
            JsonNode v = FILE.get(name);
            vectors.add(Arguments.of(v.get("ts_clause").asText() + " " + name, v, name.startsWith("profile_a")
                    ? ProtectionScheme.PROFILE_A : ProtectionScheme.PROFILE_B));
        }
        for (JsonNode v : FILE.get("extra_vectors")) {
            vectors.add(Arguments.of(v.get("id").asText(), v, v.get("id").asText().contains("profile-a")
                    ? ProtectionScheme.PROFILE_A : ProtectionScheme.PROFILE_B));
        }
        return vectors.stream();
    }

    @ParameterizedTest(name = "{0}: public keys from private keys")
    @MethodSource("eciesVectors")
    void publicKeys(String name, JsonNode v, ProtectionScheme profile) throws SuciException {
        String hnPublic = profile == ProtectionScheme.PROFILE_A ? "hn_public_key" : "hn_public_key_compressed";
        assertHex(v, hnPublic, Ecies.publicKey(profile, bytes(v, "hn_private_key")));
        assertHex(v, "eph_public_key", Ecies.publicKey(profile, bytes(v, "eph_private_key")));
    }

    @ParameterizedTest(name = "{0}: shared key from either side, KDF, ciphertext, MAC tag")
    @MethodSource("eciesVectors")
    void everyIntermediate(String name, JsonNode v, ProtectionScheme profile) throws SuciException {
        byte[] hnPublic = bytes(v, profile == ProtectionScheme.PROFILE_A ? "hn_public_key" : "hn_public_key_compressed");
        byte[] z = Ecies.sharedSecret(profile, bytes(v, "eph_private_key"), hnPublic);
        assertHex(v, "eph_shared_key", z);
        assertHex(v, "eph_shared_key", Ecies.sharedSecret(profile, bytes(v, "hn_private_key"), bytes(v, "eph_public_key")));
        if (profile == ProtectionScheme.PROFILE_B) {
            // the HN key provisioned uncompressed gives the same Z
            assertHex(v, "eph_shared_key",
                    Ecies.sharedSecret(profile, bytes(v, "eph_private_key"), bytes(v, "hn_public_key_uncompressed")));
        }
        assertHex(v, "kdf_shared_info", bytes(v, "eph_public_key"));
        Ecies.Keys keys = Ecies.keys(z, bytes(v, "kdf_shared_info"));
        assertHex(v, "eph_enc_key", keys.encryptionKey());
        assertHex(v, "icb", keys.initialCounterBlock());
        assertHex(v, "eph_mac_key", keys.macKey());
        byte[] ciphertext = Ecies.aesCtr(keys.encryptionKey(), keys.initialCounterBlock(), bytes(v, "plaintext"));
        assertHex(v, "ciphertext", ciphertext);
        assertHex(v, "mac_tag", Ecies.macTag(keys.macKey(), ciphertext));
    }

    @ParameterizedTest(name = "{0}: conceal gives the scheme output, deconceal the plaintext")
    @MethodSource("eciesVectors")
    void concealAndDeconceal(String name, JsonNode v, ProtectionScheme profile) throws SuciException {
        byte[] hnPublic = bytes(v, profile == ProtectionScheme.PROFILE_A ? "hn_public_key" : "hn_public_key_compressed");
        byte[] output = Ecies.conceal(profile, hnPublic, bytes(v, "plaintext"), bytes(v, "eph_private_key"));
        assertHex(v, "scheme_output", output);
        assertHex(v, "plaintext", Ecies.deconceal(profile, bytes(v, "hn_private_key"), output, false));
    }

    @Test
    void theMsinAsSchemeInput() {
        JsonNode imsi = FILE.get("null_scheme").get("imsi");
        assertEquals(imsi.get("scheme_input").asText(), Hex.lower(Suci.schemeInput(imsi.get("msin").asText())));
        assertEquals("1032547698", Hex.lower(Suci.schemeInput("0123456789")));
    }

    @Test
    void nullSchemeOfC42() throws SuciException {
        JsonNode v = FILE.get("null_scheme").get("imsi");
        Suci suci = Suci.conceal("274012001002086", 3, "0", ProtectionScheme.NULL_SCHEME, 0, null, null);
        assertEquals("suci-0-274-012-0-0-0-" + v.get("msin").asText(), suci.toString());
        assertEquals(v.get("supi").asText(), suci.deconceal(null, false));
    }

    @Test
    void tsProfileASuciUnderC431() throws SuciException {
        // the MSIN of C.4.3.1 with the IMSI's MCC/MNC 274/012 (3-digit MNC from EF.AD)
        JsonNode v = FILE.get("profile_a");
        Suci suci = new Suci(v.get("mcc").asText(), v.get("mnc").asText(), "0", ProtectionScheme.PROFILE_A, 1,
                Hex.lower(Ecies.conceal(ProtectionScheme.PROFILE_A, bytes(v, "hn_public_key"),
                        Suci.schemeInput(v.get("msin").asText()), bytes(v, "eph_private_key"))));
        assertEquals("suci-0-274-012-0-1-1-" + v.get("scheme_output").asText(), suci.toString());
        assertEquals(v.get("supi").asText(), Suci.parse(suci.toString()).deconceal(bytes(v, "hn_private_key"), false));
    }

    static Stream<Arguments> examples() {
        List<Arguments> examples = new ArrayList<>();
        FILE.get("examples").forEach(v -> examples.add(Arguments.of(v.get("scheme").asText(), v)));
        return examples.stream();
    }

    @Test
    void sixExamples() {
        assertEquals(6, examples().count());
    }

    @ParameterizedTest(name = "example: {0}")
    @MethodSource("examples")
    void everyExample(String scheme, JsonNode v) {
        String text = v.get("suci").asText();
        byte[] privateKey = v.has("hn_private_key") ? bytes(v, "hn_private_key")
                : Hex.decode(FILE.get("profile_b").get("hn_private_key").asText());
        Suci suci = Suci.parse(text);
        assertEquals(text, suci.toString(), "the string form round-trips");
        if (v.get("supi").isNull()) {
            // free5gc's invalid-curve test: a 65-byte key that is not on P-256, refused however lenient
            for (boolean lenient : new boolean[] {false, true}) {
                SuciException e = assertThrows(SuciException.class, () -> suci.deconceal(privateKey, lenient));
                assertEquals("the ephemeral public key is not a point on P-256", e.getMessage());
            }
        } else if (scheme.contains("uncompressed")) {
            // TS 33.501 sends the key compressed: strict by default, free5gc's leniency on request
            SuciException e = assertThrows(SuciException.class, () -> suci.deconceal(privateKey, false));
            assertTrue(e.getMessage().contains("uncompressed"), e.getMessage());
            assertEquals(v.get("supi").asText(), assertDoesNotThrow(() -> suci.deconceal(privateKey, true)));
        } else {
            assertEquals(v.get("supi").asText(), assertDoesNotThrow(() -> suci.deconceal(privateKey, false)));
        }
    }

    @Test
    void theSharedSecretWithALeadingZeroByteKeepsIt() throws SuciException {
        JsonNode v = FILE.get("examples").get(3);
        byte[] ephemeral = bytes(v, "eph_public_key");
        byte[] z = Ecies.sharedSecret(ProtectionScheme.PROFILE_B, bytes(v, "hn_private_key"), ephemeral);
        assertEquals(32, z.length);
        assertEquals(0, z[0]);
        assertHex(v, "eph_shared_key", z);
        Ecies.Keys keys = Ecies.keys(z, ephemeral);
        assertHex(v, "eph_enc_key", keys.encryptionKey());
        assertHex(v, "icb", keys.initialCounterBlock());
        assertHex(v, "eph_mac_key", keys.macKey());
        assertHex(v, "plaintext", Ecies.aesCtr(keys.encryptionKey(), keys.initialCounterBlock(), bytes(v, "ciphertext")));
    }

    @Test
    void aFreshConcealmentDeconcealsAndNeverRepeats() throws SuciException {
        SecureRandom random = new SecureRandom();
        for (ProtectionScheme profile : List.of(ProtectionScheme.PROFILE_A, ProtectionScheme.PROFILE_B)) {
            JsonNode v = FILE.get(profile == ProtectionScheme.PROFILE_A ? "profile_a" : "profile_b");
            byte[] hnPublic = bytes(v, profile == ProtectionScheme.PROFILE_A ? "hn_public_key" : "hn_public_key_compressed");
            Suci one = Suci.conceal("001010123456789", 2, "1234", profile, 7, hnPublic, random);
            Suci two = Suci.conceal("001010123456789", 2, "1234", profile, 7, hnPublic, random);
            assertNotEquals(one.schemeOutput(), two.schemeOutput(), "a fresh ephemeral key each time");
            assertTrue(one.toString().startsWith("suci-0-001-01-1234-" + profile.id() + "-7-"), one.toString());
            assertEquals("imsi-001010123456789", one.deconceal(bytes(v, "hn_private_key"), false));
        }
    }

    @Test
    void aTamperedOutputOrTheWrongKeyFailsTheMac() throws SuciException {
        JsonNode v = FILE.get("profile_a");
        byte[] output = bytes(v, "scheme_output");
        output[33] ^= 1;
        SuciException e = assertThrows(SuciException.class,
                () -> Ecies.deconceal(ProtectionScheme.PROFILE_A, bytes(v, "hn_private_key"), output, false));
        assertTrue(e.getMessage().startsWith("MAC tag does not verify"), e.getMessage());
        assertFalse(e.getMessage().contains(v.get("hn_private_key").asText().substring(0, 8)));
        byte[] otherKey = bytes(FILE.get("extra_vectors").get(0), "hn_private_key");
        assertThrows(SuciException.class,
                () -> Ecies.deconceal(ProtectionScheme.PROFILE_A, otherKey, bytes(v, "scheme_output"), false));
    }

    @Test
    void homeNetworkKeysAreCheckedWhenProvisioned() {
        assertThrows(SuciException.class, () -> Ecies.checkPublicKey(ProtectionScheme.PROFILE_A, new byte[31]));
        byte[] offCurve = Hex.decode("0434a66778799d52fedd9326db4b690d092e05c9ba0ace5b413dafc0a40aa28ee00a79f790fa4d"
                + "a6a2ece892423adb130dc1b30e270b7d0088bdd716b93894891d");
        assertThrows(SuciException.class, () -> Ecies.checkPublicKey(ProtectionScheme.PROFILE_B, offCurve));
        assertThrows(IllegalArgumentException.class, () -> Suci.parse("suci-0-001-01-0-3-1-00"));
        assertThrows(IllegalArgumentException.class, () -> Suci.parse("imsi-001010123456789"));
    }

    private static <T> T assertDoesNotThrow(org.junit.jupiter.api.function.ThrowingSupplier<T> supplier) {
        return org.junit.jupiter.api.Assertions.assertDoesNotThrow(supplier);
    }

    private static void assertHex(JsonNode v, String field, byte[] actual) {
        assertEquals(v.get(field).asText().toLowerCase(), Hex.lower(actual), field);
    }
}
