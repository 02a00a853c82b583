package org.simgate.protocol.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.simgate.service.AucException;
import org.simgate.service.AucService;
import org.simgate.service.AucVector;
import org.simgate.service.DeriveRequest;

/**
 * The vector API of the AuC, {@code POST /auc-api/v1/vectors}: for network-side test tools (a BSF,
 * an ePDG, an AUSF) that need the home network's vector for a simulated subscriber.
 * <pre>
 * {"imsi": "001010000000001", "resync": {"rand", "auts"}?, "serving_network_name"?}
 * → {"rand", "autn", "xres", "ck", "ik"} (+ "xres_star", "kausf" with a serving network name)
 * </pre>
 * With {@code resync} the AuC first takes the card's SQN from AUTS (as after a sync failure), then
 * makes the vector. Unknown IMSI: 404; AUTS whose MAC-S does not verify: 400; the AuC unable to keep
 * its SQN state: 503. Errors name fields, never a value.
 */
final class AucVectorWire {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final Set<String> FIELDS = Set.of("imsi", "resync", "serving_network_name");

    /** What the body asks for. */
    record VectorRequest(String imsi, byte[] resyncRand, byte[] resyncAuts, String servingNetworkName) {
    }

    private AucVectorWire() {
    }

    static VectorRequest request(ByteBuf body) throws MalformedRequestException {
        JsonNode json;
        try (InputStream in = new ByteBufInputStream(body.duplicate())) {
            json = JSON.readTree(in);
        } catch (IOException e) {
            throw new MalformedRequestException("body must be a JSON object");
        }
        if (json == null || !json.isObject()) {
            throw new MalformedRequestException("body must be a JSON object");
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            if (!FIELDS.contains(names.next())) {
                throw new MalformedRequestException("body: only imsi, resync and serving_network_name are known");
            }
        }
        JsonNode imsi = json.get("imsi");
        if (imsi == null || !imsi.isTextual() || !imsi.asText().matches("[0-9]{5,15}")) {
            throw new MalformedRequestException("imsi: must be 5 to 15 digits");
        }
        byte[] rand = null;
        byte[] auts = null;
        JsonNode resync = json.get("resync");
        if (resync != null && !resync.isNull()) {
            if (!resync.isObject()) {
                throw new MalformedRequestException("resync: must be an object {\"rand\", \"auts\"}");
            }
            rand = hex(resync.get("rand"), 16, "resync.rand");
            auts = hex(resync.get("auts"), 14, "resync.auts");
        }
        String snn = null;
        JsonNode name = json.get("serving_network_name");
        if (name != null && !name.isNull()) {
            String problem = name.isTextual() ? DeriveRequest.servingNetworkNameProblem(name.asText()) : "must be a string";
            if (problem != null) {
                throw new MalformedRequestException("serving_network_name: " + problem);
            }
            snn = name.asText();
        }
        return new VectorRequest(imsi.asText(), rand, auts, snn);
    }

    /** The vector, after the resynchronisation when asked for one. */
    static CompletableFuture<AucVector> vector(AucService auc, VectorRequest request) {
        if (request.resyncRand() == null) {
            return auc.vector(request.imsi(), request.servingNetworkName());
        }
        return auc.resynchronise(request.imsi(), request.resyncRand(), request.resyncAuts())
                .thenCompose(done -> auc.vector(request.imsi(), request.servingNetworkName()));
    }

    static FullHttpResponse answer(ByteBufAllocator alloc, AucVector v) {
        ByteBuf body = alloc.buffer(v.kausf() == null ? 192 : 320);
        JsonWriter json = new JsonWriter(body);
        json.raw("{\"rand\":").hex(v.rand(), false).raw(",\"autn\":").hex(v.autn(), false)
                .raw(",\"xres\":").hex(v.xres(), false).raw(",\"ck\":").hex(v.ck(), false)
                .raw(",\"ik\":").hex(v.ik(), false);
        if (v.xresStar() != null) {
            json.raw(",\"xres_star\":").hex(v.xresStar(), false);
        }
        if (v.kausf() != null) {
            json.raw(",\"kausf\":").hex(v.kausf(), false);
        }
        json.raw("}");
        return RestResponses.json(HttpResponseStatus.OK, body);
    }

    static FullHttpResponse failure(ByteBufAllocator alloc, AucException failure) {
        HttpResponseStatus status = switch (failure.kind()) {
            case UNKNOWN_SUBSCRIBER -> HttpResponseStatus.NOT_FOUND;
            case AUTS_REJECTED, BAD_REQUEST -> HttpResponseStatus.BAD_REQUEST;
            case UNAVAILABLE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
        };
        String message = failure.kind() == AucException.Kind.UNAVAILABLE ? "the AuC cannot make vectors now"
                : failure.getMessage();
        return RestResponses.error(alloc, status, message);
    }

    private static byte[] hex(JsonNode node, int bytes, String field) throws MalformedRequestException {
        if (node == null || !node.isTextual() || node.asText().length() != 2 * bytes) {
            throw new MalformedRequestException(field + ": must be " + bytes + " bytes of hex");
        }
        try {
            return HEX.parseHex(node.asText());
        } catch (IllegalArgumentException e) {
            throw new MalformedRequestException(field + ": must be " + bytes + " bytes of hex");
        }
    }
}
