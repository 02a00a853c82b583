package org.simgate.security.signature;

import java.util.List;

/**
 * One signature of a request, as Signature-Input and Signature carry it: the label, the covered
 * components, the serialized {@code @signature-params} value, the parameters simgate uses
 * (each null when absent) and the signature bytes. toString never shows the
 * signature.
 */
public record ParsedSignature(String label, List<String> components, String signatureParams, Long created,
                              Long expires, String nonce, String keyId, String alg, byte[] signature) {

    /** @param signature taken as it is: the caller hands over an array of its own (SignatureFields decodes a new one) */
    public ParsedSignature {
        components = List.copyOf(components);
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The signature's bytes themselves, not a copy: for the verifier in this package, which only reads them. */
    byte[] signatureBytes() {
        return signature;
    }

    @Override
    public String toString() {
        return "ParsedSignature[label=" + label + ", components=" + components + ", created=" + created
                + ", keyid=" + keyId + ", alg=" + alg + ", signature redacted]";
    }
}
