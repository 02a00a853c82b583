package org.simgate.transport.simcard;

import org.simgate.transport.simcard.CardFile.Dedicated;
import org.simgate.transport.simcard.CardFile.Elementary;

/**
 * What is selected on the basic logical channel: the current DF, the current EF (if any) and the
 * current application (the last ADF selected, which stays active when the MF is selected again,
 * TS 102 221 §8.4). Every select method leaves the selection unchanged when it fails.
 */
final class FileSelection {
    private static final int CURRENT_ADF = 0x7FFF;

    private final FileTree tree;
    private Dedicated currentDf;
    private Elementary currentEf;
    private Dedicated currentAdf;

    FileSelection(FileTree tree) {
        this.tree = tree;
        reset();
    }

    /** After power-up or reset only the MF is selected and no application is active. */
    void reset() {
        currentDf = tree.mf();
        currentEf = null;
        currentAdf = null;
    }

    Dedicated currentDf() {
        return currentDf;
    }

    /** The current EF, or null. */
    Elementary currentEf() {
        return currentEf;
    }

    /** The active application's ADF, or null. */
    Dedicated currentAdf() {
        return currentAdf;
    }

    /**
     * SELECT by file identifier, from what TS 102 221 §8.4.1 makes reachable: the MF, the current
     * ADF as 7FFF, the current DF itself, its children, its parent and the parent's DF children.
     */
    CardFile selectByFid(int fid) throws StatusWordException {
        return makeCurrent(reachable(fid));
    }

    /** SELECT by DF name: the first application whose AID starts with the given bytes. */
    CardFile selectByAid(byte[] aidOrPrefix) throws StatusWordException {
        Dedicated adf = tree.adfByAid(aidOrPrefix);
        if (adf == null) {
            throw new StatusWordException(StatusWord.FILE_NOT_FOUND);
        }
        return makeCurrent(adf);
    }

    /**
     * SELECT by path, each 2 bytes a file identifier, from the MF or from the current DF. 7FFF may
     * stand first for the current ADF; a leading 3F00 in a path from the MF is tolerated, as real cards do.
     */
    CardFile selectByPath(byte[] path, boolean fromMf) throws StatusWordException {
        CardFile at = fromMf ? tree.mf() : currentDf;
        for (int i = 0; i < path.length; i += 2) {
            int fid = ((path[i] & 0xff) << 8) | (path[i + 1] & 0xff);
            if (!(at instanceof Dedicated df)) {
                throw new StatusWordException(StatusWord.FILE_NOT_FOUND);
            }
            if (i == 0 && fid == CURRENT_ADF) {
                at = requireCurrentAdf();
            } else if (i == 0 && fromMf && fid == FileTree.MF) {
                at = tree.mf();
            } else {
                at = df.child(fid);
                if (at == null) {
                    throw new StatusWordException(StatusWord.FILE_NOT_FOUND);
                }
            }
        }
        return makeCurrent(at);
    }

    /** An EF of the current DF by short file identifier (READ BINARY/RECORD); it becomes the current EF. */
    Elementary selectBySfi(int sfi) throws StatusWordException {
        Elementary ef = currentDf.childBySfi(sfi);
        if (ef == null) {
            throw new StatusWordException(StatusWord.FILE_NOT_FOUND);
        }
        currentEf = ef;
        return ef;
    }

    private CardFile reachable(int fid) throws StatusWordException {
        if (fid == FileTree.MF) {
            return tree.mf();
        }
        if (fid == CURRENT_ADF) {
            return requireCurrentAdf();
        }
        if (fid == currentDf.fid()) {
            return currentDf;
        }
        CardFile child = currentDf.child(fid);
        if (child != null) {
            return child;
        }
        Dedicated parent = tree.parentOf(currentDf);
        if (parent != null) {
            if (parent.fid() == fid) {
                return parent;
            }
            if (parent.child(fid) instanceof Dedicated sibling) {
                return sibling;
            }
        }
        throw new StatusWordException(StatusWord.FILE_NOT_FOUND);
    }

    private Dedicated requireCurrentAdf() throws StatusWordException {
        if (currentAdf == null) {
            throw new StatusWordException(StatusWord.FILE_NOT_FOUND);
        }
        return currentAdf;
    }

    private CardFile makeCurrent(CardFile file) {
        if (file instanceof Dedicated df) {
            currentDf = df;
            currentEf = null;
            if (df.isAdf()) {
                currentAdf = df;
            }
        } else {
            currentDf = tree.parentOf(file);
            currentEf = (Elementary) file;
            if (currentDf.isAdf()) {
                currentAdf = currentDf;
            }
        }
        return file;
    }
}
