package org.simgate.protocol.management;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.simgate.service.AdminService;
import org.simgate.service.FrontLink;
import org.simgate.service.SlotActivity;
import org.simgate.service.SlotDetail;
import org.simgate.service.SlotLoan;
import org.simgate.service.SlotStatus;

/**
 * Every slot as the dashboard draws it, in one JSON object: what {@code /admin/v1/slots/N} says
 * (identity masked) plus the last minute's activity. Built from what the slots keep in memory, so it
 * never waits for a card and is cheap enough for the event loop once a second.
 */
final class DashboardSnapshot {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MathContext THREE_DIGITS = new MathContext(3);

    private DashboardSnapshot() {
    }

    static byte[] json(AdminService admin) {
        long now = System.currentTimeMillis();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SlotStatus status : admin.slots()) {
            SlotDetail detail = admin.detail(status.id());
            SlotActivity activity = admin.activity(status.id());
            Map<String, Object> row = ManagementResponses.slot(detail == null ? status : detail.status());
            row.put("busy", activity != null && activity.busy());
            row.put("imsi", detail == null ? null : detail.maskedImsi());
            row.put("iccid", detail == null ? null : detail.maskedIccid());
            row.put("identity_read_at", detail == null || detail.lastReadMillis() == 0 ? null
                    : Instant.ofEpochMilli(detail.lastReadMillis()).toString());
            if (activity != null) {
                row.put("last_outcome", activity.lastOutcome());
                row.put("last_outcome_at", activity.lastOutcomeMillis() == 0 ? null
                        : Instant.ofEpochMilli(activity.lastOutcomeMillis()).toString());
                row.put("ops_per_second", number(activity.operationsPerSecond()));
                row.put("auth_per_second", number(activity.authenticationsPerSecond()));
                row.put("p50_ms", number(activity.p50Millis()));
                row.put("p99_ms", number(activity.p99Millis()));
                List<Double> trend = new ArrayList<>(activity.latencyTrend().length);
                for (double millis : activity.latencyTrend()) {
                    trend.add(number(millis));
                }
                row.put("trend_ms", trend);
            }
            rows.add(row);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("time", Instant.ofEpochMilli(now).toString());
        body.put("links", ManagementResponses.linkRows(admin.links()));
        body.put("slots", rows);
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the dashboard's snapshot", e);
        }
    }

    /**
     * What a page must hear of at once rather than with the next second's snapshot: a slot's state,
     * a busy slot, a slot added or gone, a borrower of a lent slot come or gone, a front's link.
     */
    static String states(AdminService admin) {
        StringBuilder states = new StringBuilder();
        for (SlotStatus status : admin.slots()) {
            SlotActivity activity = admin.activity(status.id());
            states.append(status.id()).append(':').append(status.state())
                    .append(activity != null && activity.busy() ? ":busy" : "");
            for (SlotLoan loan : status.lent()) {
                states.append(':').append(loan.borrower()).append(loan.connected() ? "+" : "-");
            }
            states.append(' ');
        }
        for (FrontLink link : admin.links()) {
            states.append(link.front()).append('/').append(link.link()).append(':').append(link.state()).append(' ');
        }
        return states.toString();
    }

    /** JSON has no NaN: a latency of nothing is null. Three significant digits are all a page shows. */
    private static Double number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return null;
        }
        return new BigDecimal(value).round(THREE_DIGITS).doubleValue();
    }
}
