package org.simgate.security.registration;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The body a device POSTs to the finalize URL:
 * <pre>
 * {"serial": "SGDEV1A2B3C4D", "scope": "https://gw.example:8081/admin/v1/devices/finalize",
 *  "device_brand": "Raspberry Pi", "device_model": "4B", "passphrase": "",
 *  "public_key": "-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----\n",
 *  "signature": "MGUCMQ…"}
 * </pre>
 * {@code signature} is base64 of the DER ECDSA-SHA-384 signature over {@link RegistrationMessage};
 * brand, model and passphrase may be absent or null, and are then signed as empty strings.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FinalizeRequest(
        @JsonProperty("serial") String serial,
        @JsonProperty("scope") String scope,
        @JsonProperty("device_brand") String deviceBrand,
        @JsonProperty("device_model") String deviceModel,
        @JsonProperty("passphrase") String passphrase,
        @JsonProperty("public_key") String publicKeyPem,
        @JsonProperty("signature") String signatureBase64) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bodies beyond this are not finalize requests; the HTTP layer can refuse them before parsing. */
    public static final int MAX_BODY_BYTES = 8192;

    /**
     * The request in that JSON body. The error says what is wrong without quoting the body, which
     * may hold a passphrase (Jackson's own messages quote the input).
     */
    public static FinalizeRequest parse(byte[] json) {
        if (json.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("finalize body is longer than " + MAX_BODY_BYTES + " bytes");
        }
        try {
            FinalizeRequest request = JSON.readValue(json, FinalizeRequest.class);
            if (request == null) {
                throw new IllegalArgumentException("finalize body is not a JSON object");
            }
            return request;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("finalize body is not a JSON object of strings (serial, scope,"
                    + " device_brand, device_model, passphrase, public_key, signature)");
        } catch (IOException e) {
            throw new IllegalArgumentException("finalize body cannot be read");
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a finalize request always serialises", e);
        }
    }

    /** Leaves out the passphrase and the signature, so that a logged request gives neither away. */
    @Override
    public String toString() {
        return "FinalizeRequest[serial=" + serial + ", scope=" + scope + ", device_brand=" + deviceBrand
                + ", device_model=" + deviceModel + ", passphrase=" + (passphrase == null || passphrase.isEmpty() ? "none" : "(hidden)")
                + ", public_key=" + (publicKeyPem == null ? "none" : publicKeyPem.length() + " chars")
                + ", signature=" + (signatureBase64 == null ? "none" : "(hidden)") + "]";
    }
}
