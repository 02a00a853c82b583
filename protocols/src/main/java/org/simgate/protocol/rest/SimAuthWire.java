package org.simgate.protocol.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.DeriveRequest;
import org.simgate.service.DerivedKeys;
import org.simgate.service.SlotException;
import org.simgate.service.SlotException.Kind;

/**
 * The bodies of {@code POST /sim-auth-api/v1/slot/{n}} (DESIGN.md), both ways: the request a
 * client sends (read back by {@link RequestBodies#authRequest}) and the answer the server writes,
 * which a client reads here too. One place for the field names, so server and command line
 * cannot drift apart.
 */
public final class SimAuthWire {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final List<String> DERIVED_FIELDS = List.of("res_star", "kausf", "kseaf", "kamf", "ck_prime",
            "ik_prime", "k_encr", "k_aut", "k_re", "msk", "emsk", "kasme", "ks_naf", "b_tid");

    private SimAuthWire() {
    }

    /** {@code {"rand", "autn", "application", "derive"?}}, hex lowercase, as pySim's client sends it. */
    public static byte[] request(AuthRequest request) {
        ObjectNode body = JSON.createObjectNode()
                .put("rand", HEX.formatHex(request.rand()))
                .put("autn", HEX.formatHex(request.autn()))
                .put("application", request.application().name());
        if (request.derive() != null) {
            body.set("derive", derive(request.derive()));
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The "derive" object of the sim-auth API. */
    private static ObjectNode derive(DeriveRequest derive) {
        ObjectNode json = JSON.createObjectNode();
        if (derive.fiveG() != null) {
            ObjectNode fiveG = json.putObject("5g").put("serving_network_name", derive.fiveG().servingNetworkName())
                    .put("abba", HEX.formatHex(derive.fiveG().abba()));
            if (derive.fiveG().supi() != null) {
                fiveG.put("supi", derive.fiveG().supi());
            }
        }
        if (derive.eapAkaPrime() != null) {
            json.putObject("eap_aka_prime").put("network_name", derive.eapAkaPrime().networkName())
                    .put("identity", derive.eapAkaPrime().identity());
        }
        if (derive.gba() != null) {
            json.putObject("gba").put("naf_id", derive.gba().nafIdText()).put("impi", derive.gba().impi());
        }
        if (derive.eps() != null) {
            json.putObject("eps").put("mcc", derive.eps().mcc()).put("mnc", derive.eps().mnc());
        }
        return json;
    }

    /** The answer's body: one of successful_3g_authentication, synchronisation_failure, error. */
    static ByteBuf answer(ByteBufAllocator alloc, AuthResult result) {
        ByteBuf body = alloc.buffer(result instanceof AuthResult.Success s && s.derived() != null ? 1024 : 192);
        try {
            JsonWriter json = new JsonWriter(body);
            if (result instanceof AuthResult.Success success) {
                json.raw("{\"successful_3g_authentication\":{\"res\":").hex(success.res(), false)
                        .raw(",\"ck\":").hex(success.ck(), false)
                        .raw(",\"ik\":").hex(success.ik(), false);
                if (success.kc() != null) {
                    json.raw(",\"kc\":").hex(success.kc(), false);
                }
                if (success.derived() != null) {
                    derived(json, success.derived());
                }
                json.raw("}}");
            } else if (result instanceof AuthResult.SyncFailure sync) {
                json.raw("{\"synchronisation_failure\":{\"auts\":").hex(sync.auts(), false).raw("}}");
            } else {
                rejected(json, (AuthResult.Rejected) result);
            }
        } catch (RuntimeException e) {
            body.release();
            throw e;
        }
        return body;
    }

    /** The derived keys next to res, ck, ik and kc; only those the request asked for. */
    private static void derived(JsonWriter json, DerivedKeys keys) {
        optionalHex(json, "res_star", keys.resStar());
        optionalHex(json, "kausf", keys.kausf());
        optionalHex(json, "kseaf", keys.kseaf());
        optionalHex(json, "kamf", keys.kamf());
        optionalHex(json, "ck_prime", keys.ckPrime());
        optionalHex(json, "ik_prime", keys.ikPrime());
        optionalHex(json, "k_encr", keys.kEncr());
        optionalHex(json, "k_aut", keys.kAut());
        optionalHex(json, "k_re", keys.kRe());
        optionalHex(json, "msk", keys.msk());
        optionalHex(json, "emsk", keys.emsk());
        optionalHex(json, "kasme", keys.kasme());
        optionalHex(json, "ks_naf", keys.ksNaf());
        if (keys.bTid() != null) {
            json.raw(",\"b_tid\":").string(keys.bTid());
        }
    }

    private static void optionalHex(JsonWriter json, String name, byte[] value) {
        if (value != null) {
            json.raw(",\"").raw(name).raw("\":").hex(value, false);
        }
    }

    /** A card's refusal, answered 200 in pySim's error shape plus a reason (DESIGN.md). */
    static void rejected(JsonWriter json, AuthResult.Rejected rejected) {
        json.raw("{\"error\":{\"message\":").string(rejected.reason().message())
                .raw(",\"status_word\":\"").raw(rejected.statusWordHex())
                .raw("\",\"reason\":\"").raw(rejected.reason().wireName()).raw("\"}}");
    }

    /**
     * The card's answer in a 200 body.
     *
     * @throws SlotException INTERNAL when the body is none of the three shapes, or an error
     *     without a status word (its message, cleaned, is quoted; never a key's value)
     */
    public static AuthResult answer(JsonNode json) {
        JsonNode error = json.path("error");
        if (json.has("successful_3g_authentication")) {
            JsonNode success = json.get("successful_3g_authentication");
            AuthResult.Success card = new AuthResult.Success(AnswerFields.hex(success, "res"),
                    AnswerFields.hex(success, "ck"), AnswerFields.hex(success, "ik"),
                    AnswerFields.optionalHex(success, "kc"));
            return derivedKeysIn(success) ? card.withDerived(derivedKeys(success)) : card;
        }
        if (json.has("synchronisation_failure")) {
            return new AuthResult.SyncFailure(AnswerFields.hex(json.get("synchronisation_failure"), "auts"));
        }
        if (json.has("error") && error.hasNonNull("status_word")) {
            return rejected(error);
        }
        if (json.has("error")) {
            throw new SlotException(Kind.INTERNAL, "server reported an error: " + AnswerFields.errorMessage(error));
        }
        throw new SlotException(Kind.INTERNAL, "server answered none of successful_3g_authentication,"
                + " synchronisation_failure, error");
    }

    private static boolean derivedKeysIn(JsonNode success) {
        return DERIVED_FIELDS.stream().anyMatch(success::has);
    }

    private static DerivedKeys derivedKeys(JsonNode success) {
        return new DerivedKeys(AnswerFields.optionalHex(success, "res_star"),
                AnswerFields.optionalHex(success, "kausf"), AnswerFields.optionalHex(success, "kseaf"),
                AnswerFields.optionalHex(success, "kamf"), AnswerFields.optionalHex(success, "ck_prime"),
                AnswerFields.optionalHex(success, "ik_prime"), AnswerFields.optionalHex(success, "k_encr"),
                AnswerFields.optionalHex(success, "k_aut"), AnswerFields.optionalHex(success, "k_re"),
                AnswerFields.optionalHex(success, "msk"), AnswerFields.optionalHex(success, "emsk"),
                AnswerFields.optionalHex(success, "kasme"), AnswerFields.optionalHex(success, "ks_naf"),
                success.hasNonNull("b_tid") ? success.get("b_tid").asText() : null);
    }

    /**
     * The card's refusal from an error object with a {@code status_word} (and, from simgate, a
     * {@code reason}); pySim's server sends the same object with HTTP 500.
     */
    public static AuthResult.Rejected rejected(JsonNode error) {
        String sw = error.get("status_word").asText();
        if (!isStatusWord(sw)) {
            throw new SlotException(Kind.INTERNAL, "server answered a status word that is not 4 hex digits");
        }
        int statusWord = Integer.parseInt(sw, 16);
        AuthResult.Reason reason = AuthResult.Reason.of(statusWord);
        String wireReason = error.path("reason").asText("");
        for (AuthResult.Reason candidate : AuthResult.Reason.values()) {
            if (candidate.wireName().equals(wireReason)) {
                reason = candidate;
            }
        }
        return new AuthResult.Rejected(statusWord, reason);
    }

    private static boolean isStatusWord(String sw) {
        if (sw.length() != 4) {
            return false;
        }
        for (int i = 0; i < sw.length(); i++) {
            if (Character.digit(sw.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
