package org.simgate.protocol.rest;

import io.netty.handler.codec.http.HttpMethod;

/** The resources the REST listener serves, each with the one method it accepts. */
enum Endpoint {
    HEALTH(HttpMethod.GET),
    SLOTS(HttpMethod.GET),
    SIM_AUTH(HttpMethod.POST),
    SIM_INFO(HttpMethod.GET),
    /** {@code /sim-info-api/v1/slot/{n}/suci?scheme=…}: the card's SUPI concealed. */
    SUCI(HttpMethod.GET),
    APDU(HttpMethod.POST),
    /** {@code /?type=...}, the usim_https_server compatible API. */
    USIM_HTTPS(HttpMethod.GET),
    /**
     * {@code /admin/v1/devices/finalize}: a device completes its registration (docs/registration.md);
     * served only with {@code simgate.auth.required}, and unauthenticated by design.
     */
    DEVICE_FINALIZE(HttpMethod.POST),
    /** {@code /auc-api/v1/vectors}: a vector from the AuC ({@link AucVectorWire}); served when the gateway runs one. */
    AUC_VECTORS(HttpMethod.POST);

    private final HttpMethod method;

    Endpoint(HttpMethod method) {
        this.method = method;
    }

    boolean accepts(HttpMethod requested) {
        return method.equals(requested);
    }

    /** Value of the {@code Allow} header of a 405. */
    String allow() {
        return method.name();
    }
}
