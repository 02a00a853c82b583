package org.simgate.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A link that a front keeps to a peer of its own (the remsim bank's control link to the remsim-server),
 * gateway-wide: one vocabulary for every wire. The REST slots list, the admin API ({@code /admin/v1/links})
 * and the dashboard's header show {@link #fields()}; metrics show {@link #state()} and {@link #reconnects()}.
 *
 * @param front      the front that keeps the link ({@code remsim-bankd})
 * @param link       which of its links ({@code server})
 * @param state      connecting, connected, or refused by the peer
 * @param peer       where the link goes ({@code 127.0.0.1:9998})
 * @param as         what the front is to that peer ({@code bank 1})
 * @param since      when {@code state} last changed
 * @param reconnects attempts to set the link up after the first one
 * @param problem    why it is not connected (a refusal's result code, a lost or refused connection), else null
 */
public record FrontLink(String front, String link, State state, String peer, String as, Instant since,
                        long reconnects, String problem) {

    public enum State {
        /** Trying to set the link up, or waiting to try again after it failed or was lost. */
        CONNECTING,
        /** Up, and the peer accepted this side. */
        CONNECTED,
        /** The peer answered and refused this side (osmo-remsim's identityInUse); tried again with back-off. */
        REFUSED;

        /** As the wires and the metric's label name it. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The wire's names and values, in the order operators read them. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("front", front);
        fields.put("link", link);
        fields.put("state", state.wire());
        fields.put("peer", peer);
        fields.put("as", as);
        fields.put("since", since == null ? null : since.toString());
        fields.put("reconnects", reconnects);
        fields.put("problem", problem);
        return fields;
    }

    /** The link {@link #fields()} gave, as a JSON parser reads it back. */
    public static FrontLink from(Map<String, ?> fields) {
        Object since = fields.get("since");
        Object reconnects = fields.get("reconnects");
        return new FrontLink(SlotLoan.text(fields.get("front")), SlotLoan.text(fields.get("link")),
                State.valueOf(String.valueOf(fields.get("state")).toUpperCase(Locale.ROOT)),
                SlotLoan.text(fields.get("peer")), SlotLoan.text(fields.get("as")),
                since == null ? null : Instant.parse(since.toString()),
                reconnects instanceof Number n ? n.longValue() : 0, SlotLoan.text(fields.get("problem")));
    }
}
