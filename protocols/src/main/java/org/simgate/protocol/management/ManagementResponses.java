package org.simgate.protocol.management;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.simgate.service.FrontLink;
import org.simgate.service.ReloadResult;
import org.simgate.service.SlotDetail;
import org.simgate.service.SlotLoan;
import org.simgate.service.SlotStatus;

/** The management listener's answers: JSON for health, readiness and the admin API, text for metrics. */
final class ManagementResponses {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Prometheus text exposition format 0.0.4, which every scraper reads. */
    static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private ManagementResponses() {
    }

    static FullHttpResponse health() {
        return json(HttpResponseStatus.OK, Map.of("status", "ok"));
    }

    /**
     * Readiness: a slot is usable when its state is PRESENT — a card answered the last time the
     * slot touched it and no operator took it out of service. The gateway is ready (200) when at
     * least one slot is usable, else 503; the body lists every slot either way.
     */
    static FullHttpResponse ready(List<SlotStatus> slots) {
        List<Integer> usable = new ArrayList<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SlotStatus slot : slots) {
            boolean ok = isUsable(slot);
            if (ok) {
                usable.add(slot.id());
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", slot.id());
            row.put("name", slot.name());
            row.put("state", state(slot));
            row.put("usable", ok);
            rows.add(row);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ready", !usable.isEmpty());
        body.put("usable_slots", usable);
        body.put("slots", rows);
        return json(usable.isEmpty() ? HttpResponseStatus.SERVICE_UNAVAILABLE : HttpResponseStatus.OK, body);
    }

    static boolean isUsable(SlotStatus slot) {
        return slot.state() == SlotStatus.State.PRESENT;
    }

    static FullHttpResponse metrics(String scrape) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(scrape.getBytes(StandardCharsets.UTF_8)));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, METRICS_CONTENT_TYPE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        return response;
    }

    static FullHttpResponse slots(List<SlotStatus> slots) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SlotStatus slot : slots) {
            rows.add(slot(slot));
        }
        return json(HttpResponseStatus.OK, Map.of("slots", rows));
    }

    /** What a reload did, by slot id, and the keys that wait for a restart. */
    static FullHttpResponse reload(ReloadResult result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("added", result.added());
        body.put("removed", result.removed());
        body.put("restarted", result.restarted());
        body.put("unchanged", result.unchanged());
        body.put("needsRestart", result.needsRestart());
        body.put("failed", result.failed());
        return json(HttpResponseStatus.OK, body);
    }

    static FullHttpResponse detail(SlotDetail detail) {
        Map<String, Object> body = slot(detail.status());
        body.put("imsi", detail.maskedImsi());
        body.put("iccid", detail.maskedIccid());
        body.put("identity_read_at", detail.lastReadMillis() == 0 ? null
                : Instant.ofEpochMilli(detail.lastReadMillis()).toString());
        return json(HttpResponseStatus.OK, body);
    }

    static Map<String, Object> slot(SlotStatus slot) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", slot.id());
        row.put("name", slot.name());
        row.put("transport", slot.transport());
        row.put("state", state(slot));
        row.put("usable", isUsable(slot));
        row.put("atr", slot.atr() == null ? null : HexFormat.of().formatHex(slot.atr()));
        row.put("queue_depth", slot.queueDepth());
        row.put("last_error", slot.lastError());
        row.put("apdu_allowed", slot.apduAllowed());
        if (!slot.transportDetail().isEmpty()) {
            row.put("transport_detail", slot.transportDetail());
        }
        if (!slot.lent().isEmpty()) {
            row.put("lent", slot.lent().stream().map(SlotLoan::fields).toList());
        }
        return row;
    }

    /** The links fronts keep to peers of their own (the remsim bank's server link), gateway-wide. */
    static FullHttpResponse links(List<FrontLink> links) {
        return json(HttpResponseStatus.OK, Map.of("links", linkRows(links)));
    }

    static List<Map<String, Object>> linkRows(List<FrontLink> links) {
        return links.stream().map(FrontLink::fields).toList();
    }

    private static String state(SlotStatus slot) {
        return slot.state() == null ? null : slot.state().name().toLowerCase(Locale.ROOT);
    }

    static FullHttpResponse error(HttpResponseStatus status, String message) {
        return json(status, Map.of("error", Map.of("message", message)));
    }

    static FullHttpResponse json(HttpResponseStatus status, Object body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a management answer", e);
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return response;
    }
}
