/**
 * osmo-remsim's bank role (remsim-bankd) as a front: simgate registers with a remsim-server as a SIM
 * bank, and remsim clients (modems behind SIMtrace2, the client shell, simgate's own remsim transport)
 * reach its slots' cards over RSPRO. The wire (IPA framing, RSPRO records and codec, keepalive) is the
 * rspro module's; this folder holds the config, the server link, the mapping table and the client
 * connections' initializer and handler.
 */
package org.simgate.protocol.remsim;
