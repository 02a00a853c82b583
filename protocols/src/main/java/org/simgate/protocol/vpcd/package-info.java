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
 *   <li>With {@code simgate.auth.required} a listening relay lets a peer through ({@code RelayGate})
 *       on a verified TLS client certificate or an AUTH frame (a vpcd frame holding the line
 *       protocol's AUTH line) as its first frame, for a client allowed {@code relay} on the slot;
 *       otherwise it closes without a card answer. The AUTH frame gets no answer, so a shim can put it
 *       in front of vpcd's own stream. A connecting relay may send one ({@code AuthFrameSender}) and
 *       speak TLS.</li>
 * </ul>
 */
package org.simgate.protocol.vpcd;
