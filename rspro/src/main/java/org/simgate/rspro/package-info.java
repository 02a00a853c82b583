/**
 * osmo-remsim's Remote SIM Protocol (RSPRO), written from the protocol: records for every message of
 * the {@code RsproPDU} CHOICE ({@link org.simgate.rspro.RsproMessage}), a codec that sends DER and
 * accepts BER ({@link org.simgate.rspro.RsproCodec}), and a Netty handler between IPA frames and PDUs
 * ({@link org.simgate.rspro.RsproPduCodec}). The IPA framing and keepalive are in
 * {@link org.simgate.rspro.ipa}.
 *
 * <p>This module sits below both the bank front (protocols) and the remsim client transport
 * (transports), so neither depends on the other. It knows neither slots nor cards.
 */
package org.simgate.rspro;
