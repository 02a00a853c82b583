package org.simgate.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A slot that a front lends to a peer which drives the card itself (a remsim client, through the bank
 * {@code simgate.remsim.bankd}): one vocabulary for every wire. The REST slots list, the admin API and
 * the dashboard show {@link #fields()} as a slot's {@code "lent"} entry; metrics show {@link #connected()}
 * and {@link #commands()}. Names, addresses, times and counts only: never card data.
 *
 * @param front     the front that lends the slot ({@code remsim-bankd})
 * @param as        what the slot is on that front ({@code bank 1 slot 0})
 * @param borrower  who may use it now ({@code client 7:0}), null while nobody may
 * @param connected whether the borrower is connected now and has the card
 * @param peer      the borrower's address while connected ({@code 127.0.0.1:40312}), else null
 * @param since     when {@code borrower} or {@code connected} last changed (at first: when the front started)
 * @param commands  commands (TPDUs) the front passed to the card for borrowers since it started
 */
public record SlotLoan(String front, String as, String borrower, boolean connected, String peer, Instant since,
                       long commands) {

    /** The wire's names and values, in the order operators read them. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("front", front);
        fields.put("as", as);
        fields.put("borrower", borrower);
        fields.put("connected", connected);
        fields.put("peer", peer);
        fields.put("since", since == null ? null : since.toString());
        fields.put("commands", commands);
        return fields;
    }

    /** The loan {@link #fields()} gave, as a JSON parser reads it back. */
    public static SlotLoan from(Map<String, ?> fields) {
        Object since = fields.get("since");
        Object commands = fields.get("commands");
        return new SlotLoan(text(fields.get("front")), text(fields.get("as")), text(fields.get("borrower")),
                Boolean.TRUE.equals(fields.get("connected")), text(fields.get("peer")),
                since == null ? null : Instant.parse(since.toString()),
                commands instanceof Number n ? n.longValue() : 0);
    }

    static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
