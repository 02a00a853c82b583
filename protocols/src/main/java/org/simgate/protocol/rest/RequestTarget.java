package org.simgate.protocol.rest;

/**
 * Where a request goes, read off its URI with plain string checks (this runs for every request).
 *
 * @param endpoint the resource
 * @param slot     the slot number of a {@code .../slot/{n}} path, {@link #NO_SLOT} for paths
 *                 without one, {@link #BAD_SLOT} when the path's slot is not a number
 * @param query    the text after {@code ?}, or null
 * @param imsi     the IMSI of a {@code .../imsi/{imsi}} path (a simulated subscriber's card, which the
 *                 service resolves to its id), with {@code slot} {@link #BY_IMSI}; else null
 */
record RequestTarget(Endpoint endpoint, int slot, String query, String imsi) {
    static final int NO_SLOT = -1;
    static final int BAD_SLOT = -2;
    /** The path names a subscriber by IMSI: the slot is the subscriber card's id, once resolved. */
    static final int BY_IMSI = -3;

    private static final String SIM_AUTH = "/sim-auth-api/v1/slot/";
    private static final String SIM_INFO = "/sim-info-api/v1/slot/";
    private static final String APDU = "/apdu-api/v1/slot/";
    private static final String SUCI = "/suci";
    private static final String DEVICE_FINALIZE = "/admin/v1/devices/finalize";
    private static final String SIM_AUTH_BY_IMSI = "/sim-auth-api/v1/imsi/";
    private static final String SIM_INFO_BY_IMSI = "/sim-info-api/v1/imsi/";
    private static final int MAX_SLOT_DIGITS = 9;
    private static final int MAX_IMSI_DIGITS = 15;

    RequestTarget(Endpoint endpoint, int slot, String query) {
        this(endpoint, slot, query, null);
    }

    /** The same target with the subscriber card's id for its IMSI. */
    RequestTarget withSlot(int id) {
        return new RequestTarget(endpoint, id, query, imsi);
    }

    /** The target of a request URI, or null when no resource has that path. */
    static RequestTarget parse(String uri) {
        int start = pathStart(uri);
        if (start < 0) {
            return null;
        }
        int end = uri.indexOf('?', start);
        String query = null;
        if (end < 0) {
            end = uri.length();
        } else {
            query = uri.substring(end + 1);
        }
        int length = end - start;
        if (pathIs(uri, start, length, SIM_AUTH)) {
            return new RequestTarget(Endpoint.SIM_AUTH, slot(uri, start + SIM_AUTH.length(), end), query);
        }
        if (pathIs(uri, start, length, SIM_AUTH_BY_IMSI)) {
            return byImsi(Endpoint.SIM_AUTH, uri, start + SIM_AUTH_BY_IMSI.length(), end, query);
        }
        if (pathIs(uri, start, length, SIM_INFO_BY_IMSI)) {
            if (uri.startsWith(SUCI, end - SUCI.length()) && end - SUCI.length() > start + SIM_INFO_BY_IMSI.length()) {
                return byImsi(Endpoint.SUCI, uri, start + SIM_INFO_BY_IMSI.length(), end - SUCI.length(), query);
            }
            return byImsi(Endpoint.SIM_INFO, uri, start + SIM_INFO_BY_IMSI.length(), end, query);
        }
        if (pathIs(uri, start, length, SIM_INFO)) {
            if (uri.startsWith(SUCI, end - SUCI.length()) && end - SUCI.length() > start + SIM_INFO.length()) {
                return new RequestTarget(Endpoint.SUCI, slot(uri, start + SIM_INFO.length(), end - SUCI.length()), query);
            }
            return new RequestTarget(Endpoint.SIM_INFO, slot(uri, start + SIM_INFO.length(), end), query);
        }
        if (pathIs(uri, start, length, APDU)) {
            return new RequestTarget(Endpoint.APDU, slot(uri, start + APDU.length(), end), query);
        }
        if (length == 1) {
            return new RequestTarget(Endpoint.USIM_HTTPS, NO_SLOT, query);
        }
        if (length == 7 && uri.startsWith("/health", start)) {
            return new RequestTarget(Endpoint.HEALTH, NO_SLOT, query);
        }
        if (length == 13 && uri.startsWith("/api/v1/slots", start)) {
            return new RequestTarget(Endpoint.SLOTS, NO_SLOT, query);
        }
        if (length == DEVICE_FINALIZE.length() && uri.startsWith(DEVICE_FINALIZE, start)) {
            return new RequestTarget(Endpoint.DEVICE_FINALIZE, NO_SLOT, query);
        }
        return null;
    }

    /** Index of the path's leading '/', skipping the scheme and authority of an absolute URI. */
    private static int pathStart(String uri) {
        if (uri.startsWith("/")) {
            return 0;
        }
        int scheme = uri.startsWith("http://") ? 7 : uri.startsWith("https://") ? 8 : -1;
        if (scheme < 0) {
            return -1;
        }
        return uri.indexOf('/', scheme);
    }

    private static boolean pathIs(String uri, int start, int length, String prefix) {
        return length >= prefix.length() && uri.startsWith(prefix, start);
    }

    /** A target by IMSI; BAD_SLOT with an empty IMSI when the path's is not 6 to 15 digits. */
    private static RequestTarget byImsi(Endpoint endpoint, String uri, int from, int to, String query) {
        int digits = to - from;
        if (digits < 6 || digits > MAX_IMSI_DIGITS) {
            return new RequestTarget(endpoint, BAD_SLOT, query, "");
        }
        for (int i = from; i < to; i++) {
            char c = uri.charAt(i);
            if (c < '0' || c > '9') {
                return new RequestTarget(endpoint, BAD_SLOT, query, "");
            }
        }
        return new RequestTarget(endpoint, BY_IMSI, query, uri.substring(from, to));
    }

    private static int slot(String uri, int from, int to) {
        int digits = to - from;
        if (digits < 1 || digits > MAX_SLOT_DIGITS) {
            return BAD_SLOT;
        }
        int slot = 0;
        for (int i = from; i < to; i++) {
            char c = uri.charAt(i);
            if (c < '0' || c > '9') {
                return BAD_SLOT;
            }
            slot = slot * 10 + (c - '0');
        }
        return slot;
    }
}
