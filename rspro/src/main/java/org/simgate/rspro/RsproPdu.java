package org.simgate.rspro;

import java.util.Objects;

/**
 * RSPRO's {@code RsproPDU}: protocol version, operation tag and one message.
 *
 * @param version protocol version, 0..32; the real peers send and expect {@value #VERSION}
 * @param tag     operation tag, 0..2147483647 (echoed by responders; the real peers send 0, and 2342 on
 *                ConnectClientRes)
 */
public record RsproPdu(int version, int tag, RsproMessage msg) {
    public static final int VERSION = 2;
    /** The operation tag osmo-remsim puts on every ConnectClientRes. */
    public static final int CONNECT_CLIENT_RES_TAG = 2342;

    public RsproPdu {
        Ranges.require("RsproPDU.version", version, Ranges.MAX_VERSION);
        if (tag < 0) {
            throw new IllegalArgumentException("RsproPDU.tag must be 0..2147483647, is " + tag);
        }
        Objects.requireNonNull(msg, "msg");
    }

    /** A PDU as the real peers write it: version 2, tag 0 (2342 for ConnectClientRes). */
    public static RsproPdu of(RsproMessage msg) {
        int tag = msg instanceof RsproMessage.ConnectClientRes ? CONNECT_CLIENT_RES_TAG : 0;
        return new RsproPdu(VERSION, tag, msg);
    }
}
