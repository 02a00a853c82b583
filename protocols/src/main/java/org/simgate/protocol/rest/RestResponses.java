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
import org.simgate.protocol.HttpAuthentication;
import org.simgate.security.Challenge;
import org.simgate.service.AuthResult;
import org.simgate.service.CardInfo;
import org.simgate.service.FrontLink;
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
 * The bodies themselves are written by {@link SimAuthWire} and {@link RestWire}, which clients
 * read them with too.
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
        return json(HttpResponseStatus.OK, SimAuthWire.answer(alloc, result));
    }

    static FullHttpResponse cardInfo(ByteBufAllocator alloc, CardInfo info) {
        return json(HttpResponseStatus.OK, RestWire.cardInfo(alloc, info));
    }

    static FullHttpResponse suci(ByteBufAllocator alloc, SubscriptionConcealedIdentifier suci) {
        return json(HttpResponseStatus.OK, RestWire.suci(alloc, suci));
    }

    static FullHttpResponse apduResponses(ByteBufAllocator alloc, List<byte[]> responses) {
        return json(HttpResponseStatus.OK, RestWire.apduResponses(alloc, responses));
    }

    static FullHttpResponse slots(ByteBufAllocator alloc, List<SlotStatus> slots, List<FrontLink> links) {
        return json(HttpResponseStatus.OK, RestWire.slots(alloc, slots, links));
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
        return json(status, RestWire.error(alloc, message));
    }

    /** @param allow the route's methods, the {@code Allow} header's value */
    static FullHttpResponse methodNotAllowed(ByteBufAllocator alloc, String allow) {
        FullHttpResponse response = error(alloc, HttpResponseStatus.METHOD_NOT_ALLOWED,
                "method not allowed, use " + allow);
        response.headers().set(ALLOW, allow);
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

    /** The answer to a request the authentication stage refused: 401, 403, 429 or 503; 500 if the check failed. */
    static FullHttpResponse refusal(ByteBufAllocator alloc, HttpAuthentication.Refused refused) {
        return switch (refused.refusal()) {
            case UNAUTHENTICATED -> unauthenticated(alloc);
            case FORBIDDEN -> forbidden(alloc);
            case AKA_RATE_LIMIT -> throttled(alloc, refused.retryAfterSeconds());
            case NONCES -> tooManyNonces(alloc, refused.retryAfterSeconds());
            case VERIFICATIONS_WAITING -> tooManyVerifications(alloc);
            case VERIFIERS_BUSY -> verificationBusy(alloc);
            case FAILED -> internalError(alloc);
        };
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
