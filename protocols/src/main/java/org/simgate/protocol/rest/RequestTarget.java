package org.simgate.protocol.rest;

/**
 * Where a request goes, read off its URI with plain string checks (this runs for every request).
 *
 * @param endpoint the resource
 * @param slot     the slot number of a {@code .../slot/{n}} path, {@link #NO_SLOT} for paths
 *                 without one, {@link #BAD_SLOT} when the path's slot is not a number
 * @param query    the text after {@code ?}, or null
 */
record RequestTarget(Endpoint endpoint, int slot, String query) {
    static final int NO_SLOT = -1;
    static final int BAD_SLOT = -2;

    private static final String SIM_AUTH = "/sim-auth-api/v1/slot/";
    private static final String SIM_INFO = "/sim-info-api/v1/slot/";
    private static final String APDU = "/apdu-api/v1/slot/";
    private static final String SUCI = "/suci";
    private static final String DEVICE_FINALIZE = "/admin/v1/devices/finalize";
    private static final String AUC_VECTORS = "/auc-api/v1/vectors";
    private static final int MAX_SLOT_DIGITS = 9;

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
        if (length == AUC_VECTORS.length() && uri.startsWith(AUC_VECTORS, start)) {
            return new RequestTarget(Endpoint.AUC_VECTORS, NO_SLOT, query);
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
