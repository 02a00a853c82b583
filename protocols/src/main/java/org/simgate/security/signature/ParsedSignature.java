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

    public ParsedSignature {
        components = List.copyOf(components);
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public String toString() {
        return "ParsedSignature[label=" + label + ", components=" + components + ", created=" + created
                + ", keyid=" + keyId + ", alg=" + alg + ", signature redacted]";
    }
}
