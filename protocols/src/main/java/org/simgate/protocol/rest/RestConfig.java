package org.simgate.protocol.rest;

import org.simgate.front.config.ConfigReader;
import org.simgate.front.config.ListenerConfig;

/**
 * The REST front's config: the plain HTTP listener ({@code simgate.http}), the HTTPS one
 * ({@code simgate.https}, whose certificate every TLS listener presents) and the limits both
 * share ({@code simgate.rest}).
 */
public record RestConfig(ListenerConfig http, ListenerConfig https, RestLimits limits) {

    static RestConfig from(ConfigReader simgate) {
        return new RestConfig(ListenerConfig.plain(simgate.child("http")).withAllowedHosts(simgate.child("http")),
                ListenerConfig.tls(simgate.child("https")).withAllowedHosts(simgate.child("https")),
                RestLimits.from(simgate.child("rest")));
    }

    /** What each connection's pipeline is built with. */
    public RestSettings settings() {
        return new RestSettings(limits.maxBodyBytes(), limits.idleTimeout(), limits.maxPipelined(),
                limits.requestReadTimeout());
    }
}
