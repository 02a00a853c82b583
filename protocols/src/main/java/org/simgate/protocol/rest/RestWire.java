package org.simgate.protocol.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.simgate.service.CardInfo;
import org.simgate.service.FrontLink;
import org.simgate.service.SlotLoan;
import org.simgate.service.SlotException;
import org.simgate.service.SlotException.Kind;
import org.simgate.service.SlotStatus;
import org.simgate.service.SubscriptionConcealedIdentifier;
import org.simgate.service.SuciRequest;

/**
 * The bodies of simgate's other REST APIs (sim-info, suci, apdu-api, slots) and of its errors,
 * both ways: what a client sends (read back by {@link RequestBodies} and {@link SuciQuery}), what
 * the server writes, and how a client reads that. The sim-auth API's are in {@link SimAuthWire}.
 * A client reads leniently where pySim's sim-rest-server answers differently (two-field
 * sim-info, a bare slot list); a field it needs and does not find is an INTERNAL
 * {@link SlotException} naming the field, never its value.
 */
public final class RestWire {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();
    private static final HexFormat LOWER_HEX = HexFormat.of();

    private RestWire() {
    }

    /** {@code {"apdus": ["00A4...", ...]}}, hex uppercase as the card's bytes are written elsewhere. */
    public static byte[] apduRequest(List<byte[]> apdus) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("apdus");
        apdus.forEach(apdu -> list.add(UPPER_HEX.formatHex(apdu)));
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The query of {@code GET /sim-info-api/v1/slot/{n}/suci}, from its {@code ?}. */
    public static String suciQuery(SuciRequest request) {
        StringBuilder query = new StringBuilder("?scheme=").append(request.scheme());
        if (request.scheme() != 0) {
            query.append("&hn_key_id=").append(request.homeNetworkKeyId());
        }
        if (request.homeNetworkPublicKey() != null) {
            query.append("&hn_public_key=").append(LOWER_HEX.formatHex(request.homeNetworkPublicKey()));
        }
        if (request.routingIndicator() != null) {
            query.append("&routing_indicator=").append(request.routingIndicator());
        }
        return query.toString();
    }

    static ByteBuf cardInfo(ByteBufAllocator alloc, CardInfo info) {
        ByteBuf body = alloc.buffer(256);
        try {
            JsonWriter json = new JsonWriter(body);
            json.raw("{\"imsi\":").string(info.imsi()).raw(",\"iccid\":").string(info.iccid());
            if (info.atr() != null) {
                json.raw(",\"atr\":").hex(info.atr(), false);
            }
            if (info.applications() != null) {
                json.raw(",\"applications\":[");
                List<String> applications = info.applications();
                for (int i = 0; i < applications.size(); i++) {
                    if (i > 0) {
                        json.raw(",");
                    }
                    json.string(applications.get(i));
                }
                json.raw("]");
            }
            json.raw("}");
        } catch (RuntimeException e) {
            body.release();
            throw e;
        }
        return body;
    }

    public static CardInfo cardInfo(JsonNode json) {
        List<String> applications = new ArrayList<>();
        for (JsonNode app : json.path("applications")) {
            applications.add(app.isTextual() ? app.asText() : app.toString());
        }
        return new CardInfo(AnswerFields.text(json, "imsi"), AnswerFields.text(json, "iccid"),
                AnswerFields.optionalHex(json, "atr"), applications);
    }

    /** {@code {"suci": "suci-0-…", "mcc", "mnc", "routing_indicator", "protection_scheme_id", …}}. */
    static ByteBuf suci(ByteBufAllocator alloc, SubscriptionConcealedIdentifier suci) {
        ByteBuf body = alloc.buffer(512);
        try {
            new JsonWriter(body).raw("{\"suci\":").string(suci.suci())
                    .raw(",\"supi_type\":\"imsi\",\"mcc\":").string(suci.mcc())
                    .raw(",\"mnc\":").string(suci.mnc())
                    .raw(",\"routing_indicator\":").string(suci.routingIndicator())
                    .raw(",\"protection_scheme_id\":").number(suci.protectionScheme())
                    .raw(",\"home_network_public_key_id\":").number(suci.homeNetworkKeyId())
                    .raw(",\"scheme_output\":").string(suci.schemeOutput())
                    .raw("}");
        } catch (RuntimeException e) {
            body.release();
            throw e;
        }
        return body;
    }

    public static SubscriptionConcealedIdentifier suci(JsonNode json) {
        return new SubscriptionConcealedIdentifier(AnswerFields.text(json, "suci"), AnswerFields.text(json, "mcc"),
                AnswerFields.text(json, "mnc"), AnswerFields.text(json, "routing_indicator"),
                json.path("protection_scheme_id").asInt(), json.path("home_network_public_key_id").asInt(),
                AnswerFields.text(json, "scheme_output"));
    }

    static ByteBuf apduResponses(ByteBufAllocator alloc, List<byte[]> responses) {
        ByteBuf body = alloc.buffer(64 + 64 * responses.size());
        try {
            JsonWriter json = new JsonWriter(body);
            json.raw("{\"responses\":[");
            for (int i = 0; i < responses.size(); i++) {
                if (i > 0) {
                    json.raw(",");
                }
                json.hex(responses.get(i), true);
            }
            json.raw("]}");
        } catch (RuntimeException e) {
            body.release();
            throw e;
        }
        return body;
    }

    public static List<byte[]> apduResponses(JsonNode json) {
        List<byte[]> responses = new ArrayList<>();
        for (JsonNode response : json.path("responses")) {
            responses.add(AnswerFields.hexValue(response, "responses[]"));
        }
        return responses;
    }

    static ByteBuf slots(ByteBufAllocator alloc, List<SlotStatus> slots) {
        return slots(alloc, slots, List.of());
    }

    /** {@code {"slots": [...]}}, then {@code "links": [...]} when fronts keep links of their own. */
    static ByteBuf slots(ByteBufAllocator alloc, List<SlotStatus> slots, List<FrontLink> links) {
        ByteBuf body = alloc.buffer(64 + 192 * slots.size() + 192 * links.size());
        try {
            JsonWriter json = new JsonWriter(body);
            json.raw("{\"slots\":[");
            for (int i = 0; i < slots.size(); i++) {
                SlotStatus slot = slots.get(i);
                if (i > 0) {
                    json.raw(",");
                }
                json.raw("{\"id\":").number(slot.id())
                        .raw(",\"name\":").string(slot.name())
                        .raw(",\"transport\":").string(slot.transport())
                        .raw(",\"state\":").string(slot.state() == null ? null : slot.state().name().toLowerCase(Locale.ROOT))
                        .raw(",\"atr\":").hex(slot.atr(), false)
                        .raw(",\"queue_depth\":").number(slot.queueDepth())
                        .raw(",\"last_error\":").string(slot.lastError())
                        .raw(",\"apdu_allowed\":").bool(slot.apduAllowed());
                if (!slot.transportDetail().isEmpty()) {
                    json.raw(",\"transport_detail\":{");
                    String comma = "";
                    for (var fact : slot.transportDetail().entrySet()) {
                        json.raw(comma).string(fact.getKey()).raw(":").string(fact.getValue());
                        comma = ",";
                    }
                    json.raw("}");
                }
                if (!slot.lent().isEmpty()) {
                    json.raw(",\"lent\":[");
                    for (int l = 0; l < slot.lent().size(); l++) {
                        object(json.raw(l > 0 ? "," : ""), slot.lent().get(l).fields());
                    }
                    json.raw("]");
                }
                json.raw("}");
            }
            json.raw("]");
            if (!links.isEmpty()) {
                json.raw(",\"links\":[");
                for (int l = 0; l < links.size(); l++) {
                    object(json.raw(l > 0 ? "," : ""), links.get(l).fields());
                }
                json.raw("]");
            }
            json.raw("}");
        } catch (RuntimeException e) {
            body.release();
            throw e;
        }
        return body;
    }

    /** One of the service's records as the wire names its fields (strings, whole numbers, booleans, nulls). */
    private static void object(JsonWriter json, Map<String, Object> fields) {
        json.raw("{");
        String comma = "";
        for (var field : fields.entrySet()) {
            json.raw(comma).string(field.getKey()).raw(":");
            Object value = field.getValue();
            if (value instanceof Boolean b) {
                json.bool(b);
            } else if (value instanceof Number n) {
                json.number(n.longValue());
            } else {
                json.string(value == null ? null : value.toString());
            }
            comma = ",";
        }
        json.raw("}");
    }

    /** The {@code "links"} of a slots list; none when it has none. */
    public static List<FrontLink> links(JsonNode json) {
        List<FrontLink> links = new ArrayList<>();
        for (JsonNode link : json.path("links")) {
            links.add(FrontLink.from(fields(link)));
        }
        return links;
    }

    private static Map<String, Object> fields(JsonNode node) {
        return JSON.convertValue(node, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
    }

    /** {@code {"slots": [...]}}, or a bare list of slots. */
    public static List<SlotStatus> slots(JsonNode json) {
        JsonNode list = json.isArray() ? json : json.path("slots");
        List<SlotStatus> slots = new ArrayList<>();
        for (JsonNode slot : list) {
            slots.add(slotStatus(slot));
        }
        return slots;
    }

    private static SlotStatus slotStatus(JsonNode slot) {
        String state = slot.path("state").asText("").toUpperCase(Locale.ROOT).replace('-', '_');
        SlotStatus.State parsed;
        if (state.isEmpty() && slot.has("present")) {
            parsed = slot.get("present").asBoolean() ? SlotStatus.State.PRESENT : SlotStatus.State.NO_CARD;
        } else {
            try {
                parsed = SlotStatus.State.valueOf(state);
            } catch (IllegalArgumentException e) {
                throw new SlotException(Kind.INTERNAL, "server answered an unknown slot state");
            }
        }
        return new SlotStatus(slot.path("id").asInt(), AnswerFields.text(slot, "name"),
                AnswerFields.text(slot, "transport"), parsed, AnswerFields.optionalHex(slot, "atr"),
                slot.path("queue_depth").asInt(), AnswerFields.text(slot, "last_error"),
                slot.path("apdu_allowed").asBoolean(false), transportDetail(slot.path("transport_detail")),
                lent(slot.path("lent")));
    }

    private static List<SlotLoan> lent(JsonNode lent) {
        List<SlotLoan> loans = new ArrayList<>();
        for (JsonNode loan : lent) {
            loans.add(SlotLoan.from(fields(loan)));
        }
        return loans;
    }

    private static Map<String, String> transportDetail(JsonNode detail) {
        Map<String, String> facts = new LinkedHashMap<>();
        detail.fields().forEachRemaining(fact -> facts.put(fact.getKey(), fact.getValue().isNull() ? null
                : fact.getValue().asText()));
        return facts;
    }

    /** {@code {"error":{"message":...}}}: the body of every HTTP error. */
    static ByteBuf error(ByteBufAllocator alloc, String message) {
        ByteBuf body = alloc.buffer(64 + message.length());
        new JsonWriter(body).raw("{\"error\":{\"message\":").string(message).raw("}}");
        return body;
    }

    /**
     * What an error body says, fit to show: its message (at most 200 characters, control
     * characters blanked; "no message" when there is none) and its status word if it has one.
     */
    public static String errorMessage(JsonNode body) {
        return AnswerFields.errorMessage(body.path("error"));
    }
}
