package org.simgate.transport.simcard;

import java.util.Arrays;
import java.util.List;

/**
 * The files of the UICC's file system (TS 102 221 §8): dedicated files (the MF and the ADFs) and
 * the two kinds of elementary file the card needs. Files are compared by identity: each exists once.
 */
sealed interface CardFile {
    int fid();

    /** The MF ({@code application} null) or an ADF. */
    record Dedicated(int fid, UiccApplication application, List<CardFile> children) implements CardFile {
        public Dedicated {
            children = List.copyOf(children);
        }

        boolean isAdf() {
            return application != null;
        }

        CardFile child(int childFid) {
            for (CardFile f : children) {
                if (f.fid() == childFid) {
                    return f;
                }
            }
            return null;
        }

        Elementary childBySfi(int sfi) {
            for (CardFile f : children) {
                if (f instanceof Elementary ef && ef.sfi() == sfi) {
                    return ef;
                }
            }
            return null;
        }

        /** Starts with the given bytes (a right-truncated AID selects like the full one). */
        boolean aidStartsWith(byte[] prefix) {
            if (application == null) {
                return false;
            }
            byte[] aid = application.aid();
            return prefix.length <= aid.length && Arrays.equals(aid, 0, prefix.length, prefix, 0, prefix.length);
        }

        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    sealed interface Elementary extends CardFile {
        /** The short file identifier (1..30), or 0 for none. */
        int sfi();

        /** The size in bytes (all records together for a record file). */
        int size();
    }

    record Transparent(int fid, int sfi, byte[] content) implements Elementary {
        @Override
        public int size() {
            return content.length;
        }

        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /** A linear fixed EF: every record is exactly {@code recordLength} bytes. */
    record LinearFixed(int fid, int sfi, int recordLength, List<byte[]> records) implements Elementary {
        public LinearFixed {
            records = List.copyOf(records);
            for (byte[] r : records) {
                if (r.length != recordLength) {
                    throw new IllegalArgumentException("record of " + r.length + " bytes in a file of "
                            + recordLength + "-byte records");
                }
            }
        }

        @Override
        public int size() {
            return recordLength * records.size();
        }

        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }
}
