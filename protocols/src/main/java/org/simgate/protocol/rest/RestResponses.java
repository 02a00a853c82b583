package org.simgate.protocol.rest;

import static io.netty.handler.codec.http.HttpHeaderNames.ALLOW;
import static io.netty.handler.codec.http.HttpHeaderNames.CONTENT_LENGTH;
import static io.netty.handler.codec.http.HttpHeaderNames.CONTENT_TYPE;
import static io.netty.handler.codec.http.HttpHeaderNames.RETRY_AFTER;
import static io.netty.handler.codec.http.HttpHeaderNames.WWW_AUTHENTICATE;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.util.List;
import java.util.Locale;
import org.simgate.security.Challenge;
import org.simgate.service.AuthResult;
import org.simgate.service.CardInfo;
import org.simgate.service.DerivedKeys;
import org.simgate.service.Outcome;
import org.simgate.service.SlotException;
import org.simgate.service.SlotStatus;
import org.simgate.service.SubscriptionConcealedIdentifier;

/**
 * The answers of simgate's own APIs (sim-auth, sim-info, apdu-api, slots, health) and every HTTP
 * error, as JSON responses with Content-Type and Content-Length set. Hex is lowercase, as pySim
 * answers sim-auth and as the admin API answers (an ATR reads the same in sim-info, slots and the
 * dashboard); only the apdu-api's R-APDUs stay uppercase, as usim-https and the line protocol
 * answer raw card bytes. Error messages are ours or the gateway's, never request or card data.
 */
final class RestResponses {
    static final AsciiString APPLICATION_JSON = AsciiString.cached("application/json");
    private static final AsciiString RETRY_AFTER_SECONDS = AsciiString.cached("1");
    private static final AsciiString CHALLENGE = AsciiString.cached(Challenge.WWW_AUTHENTICATE);
    /** Our own headers are known-good; validating them per response is wasted work. */
    private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final HttpHeadersFactory TRAILERS = DefaultHttpHeadersFactory.trailersFactory().withValidation(false);

    private RestResponses() {
    }

    static FullHttpResponse authResult(ByteBufAllocator alloc, AuthResult result) {
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
        return json(HttpResponseStatus.OK, body);
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

    static FullHttpResponse cardInfo(ByteBufAllocator alloc, CardInfo info) {
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
        return json(HttpResponseStatus.OK, body);
    }

    /** {@code {"suci": "suci-0-…", "mcc", "mnc", "routing_indicator", "protection_scheme_id", …}}. */
    static FullHttpResponse suci(ByteBufAllocator alloc, SubscriptionConcealedIdentifier suci) {
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
        return json(HttpResponseStatus.OK, body);
    }

    static FullHttpResponse apduResponses(ByteBufAllocator alloc, List<byte[]> responses) {
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
        return json(HttpResponseStatus.OK, body);
    }

    static FullHttpResponse slots(ByteBufAllocator alloc, List<SlotStatus> slots) {
        ByteBuf body = alloc.buffer(64 + 192 * slots.size());
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
                        .raw(",\"apdu_allowed\":").bool(slot.apduAllowed())
                        .raw("}");
            }
            json.raw("]}");
        } catch (RuntimeException e) {
            body.release();
            throw e;
        }
        return json(HttpResponseStatus.OK, body);
    }

    static FullHttpResponse health(ByteBufAllocator alloc) {
        ByteBuf body = alloc.buffer(16);
        try {
            new JsonWriter(body).raw("{\"status\":\"ok\"}");
        } catch (RuntimeException e) {
            body.release();
            throw e;
        }
        return json(HttpResponseStatus.OK, body);
    }

    /** {@code {"error":{"message":...}}} with the given status. */
    static FullHttpResponse error(ByteBufAllocator alloc, HttpResponseStatus status, String message) {
        ByteBuf body = alloc.buffer(64 + message.length());
        new JsonWriter(body).raw("{\"error\":{\"message\":").string(message).raw("}}");
        return json(status, body);
    }

    static FullHttpResponse methodNotAllowed(ByteBufAllocator alloc, Endpoint endpoint) {
        FullHttpResponse response = error(alloc, HttpResponseStatus.METHOD_NOT_ALLOWED,
                "method not allowed, use " + endpoint.allow());
        response.headers().set(ALLOW, endpoint.allow());
        return response;
    }

    static FullHttpResponse tooLarge(ByteBufAllocator alloc, int maxBodyBytes) {
        return error(alloc, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "request body larger than " + maxBodyBytes + " bytes");
    }

    /**
     * 401, the same whatever check failed: the challenge says what a correct request carries,
     * never what was wrong with this one.
     */
    static FullHttpResponse unauthenticated(ByteBufAllocator alloc) {
        FullHttpResponse response = error(alloc, HttpResponseStatus.UNAUTHORIZED,
                "authentication required: sign the request (RFC 9421) or present a client certificate");
        response.headers().set(WWW_AUTHENTICATE, CHALLENGE);
        return response;
    }

    /** 403: the client may not do this operation on this slot (which of the two is not said). */
    static FullHttpResponse forbidden(ByteBufAllocator alloc) {
        return error(alloc, HttpResponseStatus.FORBIDDEN, "this client may not do that here");
    }

    /** 429: the client's AKA rate limit is reached. */
    static FullHttpResponse throttled(ByteBufAllocator alloc, long retryAfterSeconds) {
        FullHttpResponse response = error(alloc, HttpResponseStatus.TOO_MANY_REQUESTS,
                "AKA rate limit of this client reached, retry after " + retryAfterSeconds + " s");
        response.headers().set(RETRY_AFTER, Long.toString(retryAfterSeconds));
        return response;
    }

    /**
     * 429: the signing key holds its whole share of the nonce cache (nonces still inside the
     * window); it may sign again once its oldest leaves the window.
     */
    static FullHttpResponse tooManyNonces(ByteBufAllocator alloc, long retryAfterSeconds) {
        FullHttpResponse response = error(alloc, HttpResponseStatus.TOO_MANY_REQUESTS,
                "this key signed more requests than the nonce cache keeps for one key, retry after "
                        + retryAfterSeconds + " s");
        response.headers().set(RETRY_AFTER, Long.toString(retryAfterSeconds));
        return response;
    }

    /**
     * 429: this peer address, or the key id named, already has as many signatures waiting to be
     * checked as one source may ({@code VerificationLimits}); the others' go on.
     */
    static FullHttpResponse tooManyVerifications(ByteBufAllocator alloc) {
        FullHttpResponse response = error(alloc, HttpResponseStatus.TOO_MANY_REQUESTS,
                "too many signatures from this address or for this key wait to be checked, retry in a second");
        response.headers().set(RETRY_AFTER, RETRY_AFTER_SECONDS);
        return response;
    }

    /** 503: too many requests wait for their signature to be checked. */
    static FullHttpResponse verificationBusy(ByteBufAllocator alloc) {
        FullHttpResponse response = error(alloc, HttpResponseStatus.SERVICE_UNAVAILABLE,
                "too many requests waiting to be verified, try again");
        response.headers().set(RETRY_AFTER, RETRY_AFTER_SECONDS);
        return response;
    }

    static FullHttpResponse internalError(ByteBufAllocator alloc) {
        return error(alloc, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error");
    }

    /** The HTTP answer to a slot's failure: its {@link Outcome}'s status, and Retry-After where it says so. */
    static FullHttpResponse slotFailure(ByteBufAllocator alloc, SlotException failure) {
        Outcome outcome = Outcome.of(failure.kind());
        String message = failure.getMessage();
        if (outcome == Outcome.INTERNAL || message == null || message.isBlank()) {
            message = outcome.message();
        }
        FullHttpResponse response = error(alloc, HttpResponseStatus.valueOf(outcome.httpStatus()), message);
        if (outcome.retryAfter()) {
            response.headers().set(RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return response;
    }

    /** A JSON response; the handler sets its version and Connection header per request. */
    static FullHttpResponse json(HttpResponseStatus status, ByteBuf body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body, HEADERS, TRAILERS);
        response.headers()
                .set(CONTENT_TYPE, APPLICATION_JSON)
                .setInt(CONTENT_LENGTH, body.readableBytes());
        return response;
    }
}
