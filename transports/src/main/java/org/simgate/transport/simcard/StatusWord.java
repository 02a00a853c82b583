package org.simgate.transport.simcard;

/** The status words the software UICC answers with (ISO 7816-4 §5.1.3, TS 102 221 §10.2, TS 31.102 §7.3). */
final class StatusWord {
    static final int OK = 0x9000;
    /** SW1 of "xx bytes are waiting for GET RESPONSE" (T=0). */
    static final int BYTES_AVAILABLE = 0x6100;
    /** SW1 of "wrong Le, the right one is xx" (T=0). */
    static final int WRONG_LE = 0x6C00;
    static final int MEMORY_PROBLEM = 0x6581;
    static final int WRONG_LENGTH = 0x6700;
    static final int INCOMPATIBLE_FILE_STRUCTURE = 0x6981;
    static final int CONDITIONS_NOT_SATISFIED = 0x6985;
    static final int NO_CURRENT_EF = 0x6986;
    static final int FILE_NOT_FOUND = 0x6A82;
    static final int RECORD_NOT_FOUND = 0x6A83;
    static final int WRONG_P1_P2 = 0x6A86;
    static final int WRONG_OFFSET = 0x6B00;
    static final int INS_NOT_SUPPORTED = 0x6D00;
    static final int CLA_NOT_SUPPORTED = 0x6E00;
    static final int TECHNICAL_PROBLEM = 0x6F00;
    static final int MAC_FAILURE = 0x9862;
    static final int CONTEXT_NOT_SUPPORTED = 0x9864;

    private StatusWord() {
    }

    /** 61xx or 6Cxx for a length of 1..256 bytes (256 is coded 00). */
    static int withLength(int sw1, int length) {
        return sw1 | (length & 0xff);
    }
}
