/**
 * IPA framing as osmo-remsim uses it: a 3-byte header (2-byte big-endian length of what follows the
 * header, then a stream byte), RSPRO on stream {@code EE} (OSMO) with extension {@code 07}, and IPA CCM
 * on stream {@code FE} for keepalive ({@code 00} PING, {@code 01} PONG, {@code 06} ID_ACK).
 */
package org.simgate.rspro.ipa;
