package org.simgate.transport.pcsc;

/**
 * What a pcsc slot's reader watch noticed: a card inserted or removed, the reader gone or back,
 * pcscd stopped or started. {@code initial} marks the first report, the state found when watching
 * began; {@code description} is one line for the log (reader name and what changed).
 */
public record ReaderChange(String description, boolean present, boolean initial) {
}
