/**
 * The AuC front: hostapd's external AuC protocol ({@code eap_sim_db=unix:…}) on a UNIX datagram
 * socket, answered by the gateway's {@link org.simgate.service.AucService}.
 */
package org.simgate.protocol.auc;
