package org.simgate.protocol.rest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import org.simgate.service.AuthResult;

/**
 * The answers of the usim_https_server compatible API, byte for byte as the original writes them
 * ({@code json.dumps(..., indent="\t")}: tab indent, {@code ": "} after names, no final newline),
 * hex in uppercase. Anything that is not one of its three success shapes is answered as by the
 * rest of simgate; see {@link RestHandler}.
 */
final class UsimHttpsResponses {

    private UsimHttpsResponses() {
    }

    /** {@code {"imsi": "..."}}, null when the card has no USIM. */
    static FullHttpResponse imsi(ByteBufAllocator alloc, String imsi) {
        ByteBuf body = alloc.buffer(40);
        try {
            new JsonWriter(body).raw("{\n\t\"imsi\": ").string(imsi).raw("\n}");
        } catch (RuntimeException e) {
            body.release();
            throw e;
        }
        return RestResponses.json(HttpResponseStatus.OK, body);
    }

    /**
     * {@code {"res", "ck", "ik"}}; on a sync failure AUTS goes where RES was, CK and IK are null,
     * and AUTS again under {@code "auts"}: SWu-IKEv2 and its siblings test exactly {@code res is not
     * None and ck is None}, while neko-strongswan's eap-aka-http and NekoIMS resynchronise only
     * when they find an {@code "auts"} string (NekoIMS's own simcard-server answers both). A card's
     * refusal gets sim-auth's 200 error body: it has no "res", which those clients treat as a
     * failed card, as they did the original's 501.
     */
    static FullHttpResponse authResult(ByteBufAllocator alloc, AuthResult result) {
        ByteBuf body = alloc.buffer(128);
        try {
            JsonWriter json = new JsonWriter(body);
            if (result instanceof AuthResult.Success success) {
                json.raw("{\n\t\"res\": ").hex(success.res(), true)
                        .raw(",\n\t\"ck\": ").hex(success.ck(), true)
                        .raw(",\n\t\"ik\": ").hex(success.ik(), true)
                        .raw("\n}");
            } else if (result instanceof AuthResult.SyncFailure sync) {
                json.raw("{\n\t\"res\": ").hex(sync.auts(), true).raw(",\n\t\"ck\": null,\n\t\"ik\": null")
                        .raw(",\n\t\"auts\": ").hex(sync.auts(), true).raw("\n}");
            } else {
                SimAuthWire.rejected(json, (AuthResult.Rejected) result);
            }
        } catch (RuntimeException e) {
            body.release();
            throw e;
        }
        return RestResponses.json(HttpResponseStatus.OK, body);
    }

    /** {@code {"data", "sw1", "sw2"}} of an R-APDU of at least two bytes. */
    static FullHttpResponse apdu(ByteBufAllocator alloc, byte[] response) {
        int data = response.length - 2;
        ByteBuf body = alloc.buffer(48 + 2 * data);
        try {
            body.writeCharSequence("{\n\t\"data\": \"", StandardCharsets.US_ASCII);
            Hex.write(body, response, 0, data, true);
            body.writeCharSequence("\",\n\t\"sw1\": \"", StandardCharsets.US_ASCII);
            Hex.write(body, response, data, 1, true);
            body.writeCharSequence("\",\n\t\"sw2\": \"", StandardCharsets.US_ASCII);
            Hex.write(body, response, data + 1, 1, true);
            body.writeCharSequence("\"\n}", StandardCharsets.US_ASCII);
        } catch (RuntimeException e) {
            body.release();
            throw e;
        }
        return RestResponses.json(HttpResponseStatus.OK, body);
    }
}
