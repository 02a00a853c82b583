/**
 * The vpcd relay: a simgate slot plays the virtual card for vsmartcard's vpcd, so that pcscd on
 * that host shows it as a reader with a card and any unmodified PC/SC application uses it. Frame
 * ({@code VpcdCodec}), act ({@code VpcdRelayHandler}), wire ({@code VpcdInitializer}), and connect out
 * with retries ({@code VpcdConnector}); for vpcd in reversed mode the gateway binds a listener with
 * the same initializer.
 *
 * <p>Decisions where the contracts (DESIGN.md "vpcd relay", issue #11) are silent:
 * <ul>
 *   <li>The relay uses the slot's raw APDU access, so the slot must set {@code allow-apdu = true};
 *       the config check says so at start rather than the relay failing at the first APDU.</li>
 *   <li>Power on and reset reset the slot's card; power off does nothing (the next power on
 *       resets). pcscd powers an idle card off after a moment and on again at the next
 *       SCardConnect, so a PC/SC client's connect resets the card it shares with the slot's other
 *       users, as it would in a local reader.</li>
 *   <li>A slot that cannot answer is a removed card for vpcd (an empty frame, then the connection
 *       closes); the connector comes back when the slot has a card again.</li>
 *   <li>No authentication yet (the security issue brings RFC 9421 keys to the line protocol and
 *       the relay); a listener beyond loopback logs a warning at start.</li>
 * </ul>
 */
package org.simgate.protocol.vpcd;
