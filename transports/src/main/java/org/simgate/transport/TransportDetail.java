package org.simgate.transport;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a transport can tell operators beyond present or absent, for the slot's detail (admin API,
 * {@code /api/v1/slots}, dashboard) and metrics: the links it depends on, each up or down, and facts
 * (peer addresses, the mapping it serves). Never secrets, never APDU contents.
 *
 * @param links by name ("server", "bank"), true when up; the metric {@code simgate_slot_link} shows them
 * @param facts by name, in the order operators read them; values may be null (not known now)
 */
public record TransportDetail(Map<String, Boolean> links, Map<String, String> facts) {
    public static final TransportDetail NONE = new TransportDetail(Map.of(), Map.of());

    public TransportDetail {
        links = Collections.unmodifiableMap(new LinkedHashMap<>(links));
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    /** Links as "&lt;name&gt;_link": "up"|"down", then the facts: one flat map, in order, for JSON. */
    public Map<String, String> flat() {
        Map<String, String> flat = new LinkedHashMap<>();
        links.forEach((name, up) -> flat.put(name + "_link", up ? "up" : "down"));
        flat.putAll(facts);
        return flat;
    }
}
