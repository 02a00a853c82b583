package org.simgate.service;

import java.util.List;

/** What a slot's card says about itself. imsi is null when the card has no USIM. */
public record CardInfo(String imsi, String iccid, byte[] atr, List<String> applications) {
}
