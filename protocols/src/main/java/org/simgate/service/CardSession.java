package org.simgate.service;

/**
 * The card as a protocol sees it inside one {@link CardTransaction}: nothing else reaches the slot
 * between these calls. Calls block (they run on the slot's own thread) and fail with
 * {@link SlotException}, whose kind says why.
 */
public interface CardSession {

    /** Powers the card down and up; returns the new ATR. */
    byte[] reset();

    /** The ATR the card gave when it was last powered up. */
    byte[] atr();

    /**
     * Sends a C-APDU unchanged and returns the card's R-APDU unchanged: 61xx/6Cxx are the caller's
     * to handle, and so are logical channels. FORBIDDEN unless the slot allows raw APDUs.
     */
    byte[] transmit(byte[] apdu);

    /** AUTHENTICATE on the USIM or ISIM, as {@link SimService#authenticate} does it. */
    AuthResult authenticate(AuthRequest request);

    /** IMSI, ICCID and applications, as {@link SimService#info} reads them. */
    CardInfo info();

    /**
     * The MNC length (2 or 3) the USIM states in EF.AD (TS 31.102 §4.2.18), null when it states none.
     * Sessions that cannot read it throw UnsupportedOperationException.
     */
    default Integer mncLength() {
        throw new UnsupportedOperationException("this card session cannot read EF.AD");
    }
}
