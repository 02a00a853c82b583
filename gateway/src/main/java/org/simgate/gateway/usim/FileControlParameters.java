package org.simgate.gateway.usim;

/**
 * The parts of a SELECT answer's FCP template (TS 102 221 §11.1.1.3) simgate needs: record
 * length and count of a linear fixed EF (tag 82), and the size of a transparent EF (tag 80).
 * A value the card did not give is 0.
 */
record FileControlParameters(int recordLength, int recordCount, int fileSize) {

    static FileControlParameters parse(byte[] fcp) {
        int recordLength = 0;
        int recordCount = 0;
        int fileSize = 0;
        if (fcp.length < 2 || (fcp[0] & 0xff) != 0x62) {
            return new FileControlParameters(0, 0, 0);
        }
        int end = Math.min(fcp.length, 2 + (fcp[1] & 0xff));
        for (int i = 2; i + 1 < end; ) {
            int tag = fcp[i] & 0xff;
            int len = fcp[i + 1] & 0xff;
            int v = i + 2;
            if (v + len > end) {
                break;
            }
            if (tag == 0x82 && len >= 5) {
                recordLength = ((fcp[v + 2] & 0xff) << 8) | (fcp[v + 3] & 0xff);
                recordCount = fcp[v + 4] & 0xff;
            } else if (tag == 0x80 && len >= 1) {
                for (int j = 0; j < len && j < 4; j++) {
                    fileSize = (fileSize << 8) | (fcp[v + j] & 0xff);
                }
            }
            i = v + len;
        }
        return new FileControlParameters(recordLength, recordCount, fileSize);
    }
}
