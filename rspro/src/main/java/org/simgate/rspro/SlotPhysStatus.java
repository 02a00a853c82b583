package org.simgate.rspro;

/**
 * RSPRO's {@code SlotPhysStatus}: the electrical state of a slot. {@code resetActive} is always there;
 * the other three are optional (null when the sender's hardware cannot tell).
 */
public record SlotPhysStatus(boolean resetActive, Boolean vccPresent, Boolean clkActive, Boolean cardPresent) {
}
